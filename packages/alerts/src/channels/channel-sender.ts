import type { AlertPayload } from '@newswatch/db';

/** Where a webhook channel posts and how it shapes the body (Standard Webhooks JSON or a chat preset). */
export type WebhookFormat = 'json' | 'slack' | 'discord' | 'teams';

/** The channel row as a sender needs it: the same fields as `channels` in the database. */
export interface DeliveryChannel {
  id: number;
  kind: 'webhook' | 'email';
  name: string;
  config: { url?: string; format?: WebhookFormat; to?: string[] };
  /** `whsec_…` for JSON webhooks; never put into errors or logs. */
  secret: string | null;
}

/** One attempt at delivering one outbox row. */
export interface DeliveryRequest {
  channel: DeliveryChannel;
  payload: AlertPayload;
  /**
   * The outbox row's idempotency key: the same on every retry, so receivers can drop
   * duplicates (`webhook-id`, `X-Newswatch-Delivery`, the e-mail Message-ID). Keep it free of
   * `.`: Standard Webhooks signs `id.timestamp.body` and forbids dots in the id.
   */
  idempotencyKey: string;
  /** Unix seconds of this attempt; defaults to now. Fixed by tests to get reproducible signatures. */
  timestamp?: number;
}

/** What one attempt did. A sender reports every failure here instead of throwing. */
export interface DeliveryOutcome {
  ok: boolean;
  /** HTTP status, or the SMTP reply code of the failure; null when no peer answered. */
  statusCode: number | null;
  /** Readable and free of secrets, e.g. `HTTP 500 Internal Server Error: …`, `SMTP 550 …`. */
  error: string | null;
  /** Don't retry: 4xx except 408/429, redirects, SMTP 5xx, bad channel config. */
  permanent: boolean;
  durationMs: number;
  /** The peer's `Retry-After`, in seconds, when it gave one. */
  retryAfterSeconds: number | null;
}

/** One channel kind (or webhook preset) behind one method. */
export interface ChannelSender {
  send(request: DeliveryRequest): Promise<DeliveryOutcome>;
}
