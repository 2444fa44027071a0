import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateWebhookSecret, verifyWebhook } from '../signing/standard-webhooks';
import { storyAlert, testAlert } from '../render/testdata/alert-payloads';
import type { DeliveryRequest } from './channel-sender';
import { createHttpClient, type HttpClient } from './http-client';
import { closedPort, reply, startHttpReceiver, type HttpReceiver } from './testdata/http-receiver';
import { createWebhookSender } from './webhook';

let receiver: HttpReceiver;
let http: HttpClient;
const secret = generateWebhookSecret();

beforeAll(async () => {
  receiver = await startHttpReceiver();
  http = createHttpClient({ timeoutMs: 2_000, allowPrivateTargets: true });
});
afterAll(async () => {
  await http.close();
  await receiver.close();
});
afterEach(() => {
  receiver.requests.length = 0;
});

function request(overrides: Partial<DeliveryRequest> = {}, url = `${receiver.url}/hooks/newswatch`): DeliveryRequest {
  return {
    channel: { id: 1, kind: 'webhook', name: 'Receiver', config: { url, format: 'json' }, secret },
    payload: storyAlert(),
    idempotencyKey: 'instant-r5-c9-ch1',
    ...overrides,
  };
}

describe('Standard Webhooks sender', () => {
  it('posts {type, timestamp, data} signed so that verifyWebhook accepts it', async () => {
    const outcome = await createWebhookSender(http).send(request());
    expect(outcome).toMatchObject({ ok: true, statusCode: 200, error: null, permanent: false, retryAfterSeconds: null });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);

    const [received] = receiver.requests;
    expect(received?.method).toBe('POST');
    expect(received?.path).toBe('/hooks/newswatch');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers['webhook-id']).toBe('instant-r5-c9-ch1');
    expect(received?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(verifyWebhook(secret, received?.headers ?? {}, received?.body ?? '')).toBe(true);

    const envelope = JSON.parse(received?.body ?? '{}');
    expect(envelope.type).toBe('story.matched');
    expect(new Date(envelope.timestamp).getTime() / 1000).toBe(Number(received?.headers['webhook-timestamp']));
    expect(envelope.data.type).toBeUndefined();
    expect(envelope.data.ruleId).toBe(5);
    expect(envelope.data.story.matches[0].spans[2]).toMatchObject({ field: 'summary', text: '김정은' });
  });

  it('uses the request timestamp when given, and a receiver with another secret rejects it', async () => {
    const timestamp = Math.floor(Date.now() / 1000) - 10;
    await createWebhookSender(http).send(request({ timestamp, payload: testAlert() }));
    const [received] = receiver.requests;
    expect(received?.headers['webhook-timestamp']).toBe(String(timestamp));
    expect(JSON.parse(received?.body ?? '{}')).toEqual({
      type: 'test',
      timestamp: new Date(timestamp * 1000).toISOString(),
      data: { channelId: 3, message: 'Hello from newswatch: this channel works.' },
    });
    expect(verifyWebhook(generateWebhookSecret(), received?.headers ?? {}, received?.body ?? '')).toBe(false);
  });

  it('reports a 500 as a retryable failure with the body, then succeeds on retry with the same webhook-id', async () => {
    receiver.respond(reply(500, `database unavailable ${'x'.repeat(500)}`), reply(200));
    const sender = createWebhookSender(http);
    const failed = await sender.send(request());
    expect(failed).toMatchObject({ ok: false, statusCode: 500, permanent: false, retryAfterSeconds: null });
    expect(failed.error).toMatch(/^HTTP 500 Internal Server Error: database unavailable x+$/);
    expect(failed.error?.length).toBe('HTTP 500 Internal Server Error: '.length + 200);

    const retried = await sender.send(request());
    expect(retried).toMatchObject({ ok: true, statusCode: 200 });
    const ids = receiver.requests.map((received) => received.headers['webhook-id']);
    expect(ids).toEqual(['instant-r5-c9-ch1', 'instant-r5-c9-ch1']);
  });

  it('treats 410 Gone and other 4xx as permanent', async () => {
    receiver.respond(reply(410, 'endpoint disabled'), reply(400, '{"error":"bad"}'));
    const sender = createWebhookSender(http);
    expect(await sender.send(request())).toMatchObject({ ok: false, statusCode: 410, permanent: true, error: 'HTTP 410 Gone: endpoint disabled' });
    expect(await sender.send(request())).toMatchObject({ statusCode: 400, permanent: true });
  });

  it('keeps 429 and 503 retryable and passes on Retry-After', async () => {
    receiver.respond(reply(429, '', { 'retry-after': '120' }), reply(503, 'maintenance', { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }));
    const sender = createWebhookSender(http);
    expect(await sender.send(request())).toMatchObject({
      ok: false,
      statusCode: 429,
      permanent: false,
      retryAfterSeconds: 120,
      error: 'HTTP 429 Too Many Requests',
    });
    const unavailable = await sender.send(request());
    expect(unavailable).toMatchObject({ statusCode: 503, permanent: false });
    expect(unavailable.retryAfterSeconds).toBeGreaterThanOrEqual(58);
    expect(unavailable.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('does not follow redirects: the URL should be updated instead', async () => {
    receiver.respond(reply(301, '', { location: `${receiver.url}/elsewhere` }));
    expect(await createWebhookSender(http).send(request())).toMatchObject({ ok: false, statusCode: 301, permanent: true });
    expect(receiver.requests.map((received) => received.path)).toEqual(['/hooks/newswatch']);
  });

  it('gives up on a slow receiver at the deadline', async () => {
    receiver.respond((_request, response) => setTimeout(() => response.end('late'), 1_500));
    const impatient = createHttpClient({ timeoutMs: 300, allowPrivateTargets: true });
    try {
      const outcome = await createWebhookSender(impatient).send(request());
      expect(outcome).toMatchObject({ ok: false, statusCode: null, error: 'timed out after 300 ms', permanent: false });
      expect(outcome.durationMs).toBeGreaterThanOrEqual(290);
      expect(outcome.durationMs).toBeLessThan(1_400);
    } finally {
      await impatient.close();
    }
  });

  it('reports an unreachable port as a retryable connection error, without the URL and its token', async () => {
    const port = await closedPort();
    const outcome = await createWebhookSender(http).send(request({}, `http://127.0.0.1:${port}/hooks/SECRET-TOKEN`));
    expect(outcome).toMatchObject({ ok: false, statusCode: null, permanent: false, error: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });

  it('reads only the start of a huge error body', async () => {
    receiver.respond(reply(502, 'y'.repeat(5_000_000)));
    const outcome = await createWebhookSender(http).send(request());
    expect(outcome).toMatchObject({ ok: false, statusCode: 502, permanent: false });
    expect(outcome.error?.length).toBeLessThan(260);
  });

  it('fails bad channel config permanently without a request', async () => {
    const sender = createWebhookSender(http);
    const base = request();
    expect(await sender.send({ ...base, channel: { ...base.channel, config: { format: 'json' } } })).toMatchObject({
      ok: false,
      permanent: true,
      error: 'channel has no webhook URL',
    });
    expect(await sender.send(request({}, 'not a url/SECRET'))).toMatchObject({ permanent: true, error: 'invalid webhook URL' });
    expect(await sender.send(request({}, 'file:///etc/passwd'))).toMatchObject({ permanent: true, error: 'webhook URL must be http or https, not file' });
    expect(await sender.send({ ...base, channel: { ...base.channel, secret: 'whsec_short' } })).toMatchObject({
      permanent: true,
      error: 'webhook secret is not a valid whsec_ secret',
    });
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('SSRF guard', () => {
  it('refuses loopback targets, by literal or by name, unless private targets are allowed', async () => {
    const guarded = createHttpClient({ timeoutMs: 2_000, allowPrivateTargets: false });
    try {
      const sender = createWebhookSender(guarded);
      const literal = await sender.send(request());
      expect(literal).toMatchObject({ ok: false, permanent: true, statusCode: null });
      expect(literal.error).toBe('refused: 127.0.0.1 is a loopback address');

      const port = new URL(receiver.url).port;
      const byName = await sender.send(request({}, `http://localhost:${port}/hooks/newswatch`));
      expect(byName).toMatchObject({ ok: false, permanent: true });
      expect(byName.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);

      const mapped = await sender.send(request({}, `http://[::ffff:127.0.0.1]:${port}/`));
      expect(mapped).toMatchObject({ ok: false, permanent: true });

      const compatible = await sender.send(request({}, `http://[::127.0.0.1]:${port}/`));
      expect(compatible).toMatchObject({ ok: false, permanent: true, error: 'refused: ::7f00:1 is an IPv4-compatible form of 127.0.0.1, a loopback address' });
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await guarded.close();
    }
  });
});
