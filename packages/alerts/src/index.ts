export { Dispatcher, type DispatcherOptions } from './dispatcher';
export { createChannelSenders, type ChannelSenders, type ChannelSendersOptions } from './channels/registry';
export type { ChannelSender, DeliveryOutcome, DeliveryRequest, WebhookFormat } from './channels/channel-sender';
export { generateWebhookSecret, isWebhookSecret, signWebhook, verifyWebhook } from './signing/standard-webhooks';
export { MAX_DELIVERY_ATTEMPTS, nextAttemptDelay, retryDelayAfter } from './retry-policy';
export type { AlertPayload, AlertSpan, AlertStory } from './payload';
