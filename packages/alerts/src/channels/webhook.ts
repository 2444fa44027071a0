import type { AlertPayload } from '@newswatch/db';
import { isWebhookSecret, webhookSignatureHeaders } from '../signing/standard-webhooks';
import type { ChannelSender, DeliveryRequest } from './channel-sender';
import { failedOutcome } from './delivery-outcome';
import type { HttpClient } from './http-client';

/** The Standard Webhooks envelope: event type, when it was sent, and the payload without its type. */
export interface WebhookEnvelope {
  type: AlertPayload['type'];
  timestamp: string;
  data: Omit<AlertPayload, 'type'>;
}

/**
 * The JSON body of a generic webhook. `timestamp` is this attempt's time (ISO 8601), the same
 * instant as the `webhook-timestamp` header.
 */
export function renderWebhookBody(payload: AlertPayload, timestampSeconds: number): string {
  const { type, ...data } = payload;
  const envelope: WebhookEnvelope = { type, timestamp: new Date(timestampSeconds * 1000).toISOString(), data };
  return JSON.stringify(envelope);
}

/**
 * The `json` webhook format: POSTs the envelope signed per Standard Webhooks. `webhook-id` is
 * the delivery's idempotency key, so a receiver that stores seen ids drops a retry of a
 * delivery it already processed. A channel without a secret is sent unsigned (the API always
 * generates one; this only keeps hand-made rows working).
 */
export function createWebhookSender(http: HttpClient): ChannelSender {
  return {
    async send(request: DeliveryRequest) {
      const startedAt = performance.now();
      const timestamp = request.timestamp ?? Math.floor(Date.now() / 1000);
      const secret = request.channel.secret;
      if (secret !== null && !isWebhookSecret(secret)) {
        return failedOutcome({ error: 'webhook secret is not a valid whsec_ secret', permanent: true }, startedAt);
      }
      const body = renderWebhookBody(request.payload, timestamp);
      const headers = secret
        ? { ...webhookSignatureHeaders(secret, request.idempotencyKey, timestamp, body) }
        : { 'webhook-id': request.idempotencyKey, 'webhook-timestamp': String(timestamp) };
      return http.postJson({ url: request.channel.config.url, body, headers });
    },
  };
}
