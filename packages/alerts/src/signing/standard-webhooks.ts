import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks 1.0 symmetric signatures (https://www.standardwebhooks.com, spec
 * `standard-webhooks.md`): HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${body}`,
 * sent as `webhook-signature: v1,<base64>`; the secret is `whsec_` + base64 of 24–64 random
 * bytes and the HMAC key is those decoded bytes, not the text.
 */
const SECRET_PREFIX = 'whsec_';
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The headers of a signed webhook, named as the spec names them (a type alias, so it fits any header record). */
export type WebhookSignatureHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** A fresh secret for a new webhook channel: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/**
 * Whether `secret` is a usable Standard Webhooks secret (`whsec_` optional, strict base64,
 * 24 to 64 bytes), for validating a secret a user supplies.
 */
export function isWebhookSecret(secret: string): boolean {
  return decodeSecret(secret) !== null;
}

/**
 * The `v1,<base64>` signature of one message. `timestamp` is unix seconds; `body` must be the
 * exact bytes sent. Throws when the secret is not a valid `whsec_` secret (without echoing it).
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string | Uint8Array): string {
  const key = decodeSecret(secret);
  if (!key) throw new Error('Invalid webhook secret: expected whsec_ followed by base64 of 24 to 64 bytes');
  return `v1,${hmac(key, id, timestamp, body)}`;
}

/**
 * The three headers to send with `body`: the id (the delivery's idempotency key, constant
 * across retries), the attempt's timestamp and its signature.
 */
export function webhookSignatureHeaders(secret: string, id: string, timestamp: number, body: string | Uint8Array): WebhookSignatureHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
  };
}

/**
 * Verifies a received webhook as a receiver should: the three headers present, the timestamp
 * within `toleranceSeconds` of now (replay protection), and one of the space-separated `v1`
 * signatures equal, compared in constant time. `body` must be the raw body as received: a
 * re-serialized JSON body does not verify. Header names are matched case-insensitively;
 * `headers` may be Node's `IncomingHttpHeaders`, a plain object or a fetch `Headers`.
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined> | Headers,
  body: string | Uint8Array,
  toleranceSeconds = 300,
): boolean {
  const key = decodeSecret(secret);
  const id = headerValue(headers, 'webhook-id');
  const timestampText = headerValue(headers, 'webhook-timestamp');
  const signatures = headerValue(headers, 'webhook-signature');
  if (!key || !id || !timestampText || !signatures || !/^\d+$/.test(timestampText)) return false;
  const timestamp = Number(timestampText);
  if (Math.abs(Math.floor(Date.now() / 1000) - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(key, id, timestamp, body));
  let matched = false;
  for (const versioned of signatures.split(' ')) {
    const [version, signature] = versioned.split(',', 2);
    if (version !== 'v1' || signature === undefined) continue;
    const candidate = Buffer.from(signature);
    // Keep checking the rest so the time taken does not reveal which entry matched.
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
  }
  return matched;
}

function decodeSecret(secret: string): Buffer | null {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (encoded.length === 0 || !BASE64.test(encoded)) return null;
  const key = Buffer.from(encoded, 'base64');
  return key.length >= MIN_KEY_BYTES && key.length <= MAX_KEY_BYTES ? key : null;
}

function hmac(key: Buffer, id: string, timestamp: number, body: string | Uint8Array): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
}

function headerValue(headers: Record<string, string | string[] | undefined> | Headers, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const text = Array.isArray(value) ? value.join(' ') : value;
    return text ?? null;
  }
  return null;
}
