export { Dispatcher, type DispatcherOptions } from './dispatcher';
export { createChannelSenders, type ChannelSenders, type ChannelSendersOptions } from './channels/registry';
export type { ChannelSender, DeliveryChannel, DeliveryOutcome, DeliveryRequest, WebhookFormat } from './channels/channel-sender';
export {
  generateWebhookSecret,
  isWebhookSecret,
  signWebhook,
  verifyWebhook,
  webhookSignatureHeaders,
  type WebhookSignatureHeaders,
} from './signing/standard-webhooks';
export { MAX_DELIVERY_ATTEMPTS, MAX_RETRY_AFTER_MS, RETRY_SCHEDULE_MS, nextAttemptDelay, retryDelayAfter } from './retry-policy';
export { closedWindowsSince, DIGEST_GRACE_MS, DigestScheduler, lastClosedWindow, MAX_CATCH_UP_WINDOWS } from './digest-scheduler';
export { FEED_HEALTH_CHECK_MS, FeedHealthScheduler } from './feed-health-scheduler';
export { SPIKE_CHECK_MAX_MS, SPIKE_CHECK_MIN_MS, SpikeScheduler } from './spike-scheduler';
export { describeSpike, isSpike, SPIKE_BASELINE_WINDOWS, SPIKE_DEFAULTS, SPIKE_WINDOW_MS, type SpikeRate } from './spike-policy';
export { createAlertComposer } from './compose/alert-composer';
