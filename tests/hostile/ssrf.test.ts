import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';
import { WebhookReceiver } from '../support/webhook-receiver';

type App = Awaited<ReturnType<typeof startInProcess>>;

/*
 * Hostile probes of the SSRF guard through the running app, with private targets not allowed
 * (the production default). Every target is an IP literal: nothing here resolves a name.
 */
describe('SSRF guard of the running app (ALLOW_PRIVATE_FEEDS=false)', () => {
  let app: App;
  let api: ReturnType<typeof apiClient>;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    app = await startInProcess({ ALLOW_PRIVATE_FEEDS: 'false', NEWSWATCH_DEFAULTS: 'false' });
    api = apiClient(app.url, TEST_TOKEN);
  });
  afterAll(async () => {
    await app?.cleanup();
    await receiver.stop();
  });

  it('refuses a webhook at the IPv4-compatible form of loopback, saying why', async () => {
    const port = new URL(receiver.url).port;
    const created = await api.post('/channels', { kind: 'webhook', name: 'compatible loopback', url: `http://[::127.0.0.1]:${port}/hook` });
    expect(created.status).toBe(201);

    const test = await api.post(`/channels/${created.body.id}/test`);
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({
      ok: false,
      statusCode: null,
      error: 'refused: ::7f00:1 is an IPv4-compatible form of 127.0.0.1, a loopback address',
    });
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses a feed at a local-use NAT64 address, saying why on the feed', async () => {
    const created = await api.post('/feeds', { url: 'http://[64:ff9b:1::7f00:1]/' });
    expect(created.status).toBe(201);

    const polled = await eventually(
      async () => {
        const feed = await api.get(`/feeds/${created.body.id}`);
        return feed.body.lastError ? feed.body : null;
      },
      15_000,
      'the first poll of the feed',
    );
    expect(polled.lastError).toBe('refused: 64:ff9b:1::7f00:1 is a local-use NAT64 address');
  });
});
