import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, isWebhookSecret, signWebhook, verifyWebhook, webhookSignatureHeaders } from './standard-webhooks';

/* The test vector of the Standard Webhooks reference libraries: same secret, id, time and body. */
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const now = () => Math.floor(Date.now() / 1000);

describe('signWebhook', () => {
  it('matches the reference implementation: HMAC key is the base64-decoded secret', () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    expect(signWebhook(VECTOR.secret.slice('whsec_'.length), VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, Buffer.from(VECTOR.body))).toBe(VECTOR.signature);
  });

  it('refuses an invalid secret without echoing it', () => {
    expect(() => signWebhook('whsec_tooShort', 'id', 1, '{}')).toThrow(/^Invalid webhook secret/);
    try {
      signWebhook('whsec_not base64 at all!!', 'id', 1, '{}');
    } catch (error) {
      expect((error as Error).message).not.toContain('not base64');
    }
  });
});

describe('generateWebhookSecret', () => {
  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
    expect(isWebhookSecret(secret)).toBe(true);
  });

  it('accepts 24 to 64 bytes of strict base64 only', () => {
    expect(isWebhookSecret(VECTOR.secret)).toBe(true);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(16).toString('base64')}`)).toBe(false);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(65).toString('base64')}`)).toBe(false);
    expect(isWebhookSecret('whsec_')).toBe(false);
    expect(isWebhookSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa$w')).toBe(false);
  });
});

describe('verifyWebhook', () => {
  const secret = generateWebhookSecret();
  const body = '{"type":"test","timestamp":"2026-11-28T08:00:00.000Z","data":{"message":"hi"}}';

  it('accepts what webhookSignatureHeaders produced, with headers in any case or as Headers', () => {
    const headers = webhookSignatureHeaders(secret, 'delivery-1', now(), body);
    expect(verifyWebhook(secret, headers, body)).toBe(true);
    const shouted = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toUpperCase(), value]));
    expect(verifyWebhook(secret, shouted, Buffer.from(body))).toBe(true);
    expect(verifyWebhook(secret, new Headers({ ...headers }), body)).toBe(true);
  });

  it('rejects a changed body, id or timestamp, and another secret', () => {
    const timestamp = now();
    const headers = webhookSignatureHeaders(secret, 'delivery-1', timestamp, body);
    expect(verifyWebhook(secret, headers, body.replace('hi', 'ho'))).toBe(false);
    expect(verifyWebhook(secret, { ...headers, 'webhook-id': 'delivery-2' }, body)).toBe(false);
    expect(verifyWebhook(secret, { ...headers, 'webhook-timestamp': String(timestamp + 1) }, body)).toBe(false);
    expect(verifyWebhook(generateWebhookSecret(), headers, body)).toBe(false);
  });

  it('rejects timestamps outside the tolerance (replays) and malformed ones', () => {
    const old = now() - 301;
    expect(verifyWebhook(secret, webhookSignatureHeaders(secret, 'd', old, body), body)).toBe(false);
    expect(verifyWebhook(secret, webhookSignatureHeaders(secret, 'd', old, body), body, 600)).toBe(true);
    expect(verifyWebhook(secret, webhookSignatureHeaders(secret, 'd', now() + 301, body), body)).toBe(false);
    const headers = webhookSignatureHeaders(secret, 'd', now(), body);
    expect(verifyWebhook(secret, { ...headers, 'webhook-timestamp': 'soon' }, body)).toBe(false);
  });

  it('rejects missing headers and truncated signatures', () => {
    const headers = webhookSignatureHeaders(secret, 'd', now(), body);
    const { 'webhook-signature': _signature, ...unsigned } = headers;
    expect(verifyWebhook(secret, unsigned, body)).toBe(false);
    expect(verifyWebhook(secret, { ...headers, 'webhook-signature': headers['webhook-signature'].slice(0, 10) }, body)).toBe(false);
    expect(verifyWebhook(secret, { ...headers, 'webhook-signature': 'v1,' }, body)).toBe(false);
  });

  it('accepts a list of signatures (secret rotation) if any v1 entry matches', () => {
    const headers = webhookSignatureHeaders(secret, 'd', now(), body);
    const valid = headers['webhook-signature'];
    const rotated = `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,${valid.slice(3)} ${valid}`;
    expect(verifyWebhook(secret, { ...headers, 'webhook-signature': rotated }, body)).toBe(true);
    expect(verifyWebhook(secret, { ...headers, 'webhook-signature': `v2,${valid.slice(3)}` }, body)).toBe(false);
  });
});
