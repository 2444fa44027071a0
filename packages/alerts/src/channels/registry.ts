import type { Logger } from 'pino';
import type { ChannelSender, DeliveryOutcome, DeliveryRequest, WebhookFormat } from './channel-sender';
import { failedOutcome } from './delivery-outcome';
import { renderDiscordMessage } from './discord';
import { createEmailSender } from './email';
import { createHttpClient } from './http-client';
import { createPresetSender } from './preset-sender';
import { redactSecrets } from './redact';
import { renderSlackMessage } from './slack';
import { checkTeamsResponseBody, renderTeamsMessage } from './teams';
import { createWebhookSender } from './webhook';

/** Process-wide settings of the channels (from the config module, never `process.env` here). */
export interface ChannelSendersOptions {
  smtpUrl?: string | null;
  alertFrom?: string;
  publicUrl?: string | null;
  /** Let webhooks reach loopback/private addresses (tests, LAN receivers). Default false. */
  allowPrivateTargets?: boolean;
  /** Per-attempt deadline for webhooks and SMTP connects. Default 10 000 ms. */
  timeoutMs?: number;
  logger?: Logger;
}

/** Every channel behind one call. */
export interface ChannelSenders {
  /** Delivers one outbox row through the sender its channel kind and format select; never throws. */
  sendDelivery(request: DeliveryRequest): Promise<DeliveryOutcome>;
  /** Releases idle HTTP connections; call on shutdown. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Builds the channel registry: email, and webhooks in the `json` (Standard Webhooks),
 * `slack`, `discord` and `teams` formats, sharing one HTTP client.
 */
export function createChannelSenders(options: ChannelSendersOptions = {}): ChannelSenders {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const publicUrl = options.publicUrl ?? null;
  const http = createHttpClient({ timeoutMs, allowPrivateTargets: options.allowPrivateTargets ?? false });
  const email = createEmailSender({ smtpUrl: options.smtpUrl, alertFrom: options.alertFrom, publicUrl, timeoutMs, logger: options.logger });
  const webhooks: Record<WebhookFormat, ChannelSender> = {
    json: createWebhookSender(http),
    slack: createPresetSender(http, renderSlackMessage, { publicUrl }),
    discord: createPresetSender(http, renderDiscordMessage, { publicUrl }),
    teams: createPresetSender(http, renderTeamsMessage, { publicUrl, checkSuccessBody: checkTeamsResponseBody }),
  };

  function pickSender(request: DeliveryRequest): ChannelSender | string {
    const { kind, config } = request.channel;
    if (kind === 'email') return email;
    if (kind !== 'webhook') return `unknown channel kind "${String(kind)}"`;
    const format = config.format ?? 'json';
    return Object.hasOwn(webhooks, format) ? webhooks[format] : `unknown webhook format "${String(format)}"`;
  }

  async function sendDelivery(request: DeliveryRequest): Promise<DeliveryOutcome> {
    const startedAt = performance.now();
    const sender = pickSender(request);
    if (typeof sender === 'string') return failedOutcome({ error: sender, permanent: true }, startedAt);
    let outcome: DeliveryOutcome;
    try {
      outcome = await sender.send(request);
    } catch (error) {
      // Senders report failures as outcomes; reaching this is a bug, retried in case an upgrade fixes it.
      const message = error instanceof Error ? error.message : String(error);
      outcome = failedOutcome({ error: `internal error: ${redactSecrets(message, [request.channel.secret, options.smtpUrl])}` }, startedAt);
    }
    options.logger?.debug(
      {
        channel_id: request.channel.id,
        kind: request.channel.kind,
        ok: outcome.ok,
        status_code: outcome.statusCode,
        duration_ms: outcome.durationMs,
        error: outcome.error,
      },
      'Alert delivery attempted',
    );
    return outcome;
  }

  return { sendDelivery, close: () => http.close() };
}
