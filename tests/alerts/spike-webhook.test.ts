import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { FeedServer, rssFeed, type TestItem } from '../support/feed-server';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';
import { signIn } from '../support/signed-in-pages';
import { hasValidSignature } from '../support/standard-webhooks';
import { WebhookReceiver } from '../support/webhook-receiver';

const ADMIN = { email: 'spikes@example.org', password: 'spikes-password-1' };
const HOUR = 3_600_000;
const CROPS = ['wheat', 'barley', 'rice', 'maize', 'millet', 'sorghum', 'oats', 'rye'];

describe('spike alerts through a real webhook', () => {
  let app: Awaited<ReturnType<typeof startInProcess>>;
  const feeds = new FeedServer();
  const receiver = new WebhookReceiver();
  const now = Date.now();
  // Harvest: one story an hour for a week, the last hour included — a steady rate. Volcano:
  // two stories last week, then six in the last hour.
  const items: TestItem[] = [
    ...Array.from({ length: 170 }, (_, i) => ({
      title: `Harvest of ${CROPS[i % CROPS.length]} in district ${i}`,
      link: `https://farm.example/${i}`,
      description: `Report ${i} on the ${CROPS[(i * 3) % CROPS.length]} harvest.`,
      pubDate: new Date(now - i * HOUR - 20 * 60_000),
    })),
    ...[3, 5].map((days) => ({
      title: `Volcano observatory weekly bulletin ${days}`,
      link: `https://geo.example/old-${days}`,
      description: 'Quiet.',
      pubDate: new Date(now - days * 24 * HOUR),
    })),
    ...['ash cloud grounds flights', 'lava reaches the coast', 'villages evacuated', 'second vent opens', 'tremors felt in the capital', 'airport closes'].map(
      (what, i) => ({
        title: `Volcano: ${what}`,
        link: `https://geo.example/${i}`,
        description: `Eruption update ${i}.`,
        pubDate: new Date(now - (i + 1) * 6 * 60_000),
      }),
    ),
  ];

  beforeAll(async () => {
    await feeds.start();
    await receiver.start();
    feeds.set('/spikes.xml', () => ({ body: rssFeed('Spike Wire', items) }));
    app = await startInProcess({ NEWSWATCH_ADMIN_EMAIL: ADMIN.email, NEWSWATCH_ADMIN_PASSWORD: ADMIN.password, NEWSWATCH_DEFAULTS: 'false' });
  });
  afterAll(async () => {
    await app?.cleanup();
    await receiver.stop();
    await feeds.stop();
  });

  it('sends one signed alert for a watch whose hour is far above its usual rate, none for a steady one, and marks it on the Watches page', async () => {
    const api = apiClient(app.url, TEST_TOKEN);
    const volcano = (await api.post('/watches', { name: 'Volcano', query: 'volcano' })).body;
    const harvest = (await api.post('/watches', { name: 'Harvest', query: 'harvest' })).body;
    const channel = (await api.post('/channels', { kind: 'webhook', name: 'desk', url: `${receiver.url}/hook` })).body;

    expect((await api.post('/rules', { channelId: channel.id, mode: 'spike', spikeFactor: 1 })).status).toBe(400);
    const created = await api.post('/rules', { channelId: channel.id, watchId: null, mode: 'spike', spikeWindow: 'hour', spikeFactor: 3, spikeMinCount: 1 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ mode: 'spike', spikeWindow: 'hour', spikeFactor: 3, spikeMinCount: 1, watchIds: null });

    const feed = (await api.post('/feeds', { url: `${feeds.url}/spikes.xml` })).body;
    const [request] = await receiver.waitFor(1, 30_000);
    expect(hasValidSignature(channel.secret, request!.headers, request!.body)).toBe(true);
    const event = JSON.parse(request!.body);
    expect(event.type).toBe('watch.spike');
    expect(event.data).toMatchObject({ watchId: volcano.id, watchName: 'Volcano', window: 'hour', count: 6 });
    expect(event.data.message).toMatch(/^Watch "Volcano": 6 matches in the last hour, \d+× its usual 0\.01 an hour$/);
    expect(event.data.stories.map((s: { title: string }) => s.title)).toContain('Volcano: ash cloud grounds flights');

    // New matches make the checker look again: the spike is still on (no second alert), and
    // the steady watch never alerts.
    items.unshift({ title: 'Harvest festival opens', link: 'https://farm.example/festival', description: 'Crowds.', pubDate: new Date() });
    await api.post(`/feeds/${feed.id}/refresh`);
    await eventually(async () => (await api.get(`/stories?watch=${harvest.id}&limit=200`)).body.items.length === 171 || null, 15_000, 'the new harvest story');
    await new Promise((r) => setTimeout(r, 7000));
    expect(receiver.received).toHaveLength(1);
    expect((await api.get('/deliveries')).body.items.filter((d: { ruleId: number }) => d.ruleId === created.body.id)).toHaveLength(1);

    const session = await signIn(app.url, ADMIN);
    const watches = (await session.page('/watches')).html;
    const rowOf = (name: string) => watches.slice(watches.indexOf(`>${name}</a>`), watches.indexOf('</tr>', watches.indexOf(`>${name}</a>`)));
    expect(rowOf('Volcano')).toContain('class="badge spike"');
    expect(rowOf('Volcano')).toContain('6 matches in the last hour');
    expect(rowOf('Harvest')).not.toContain('badge spike');

    const patched = await api.patch(`/rules/${created.body.id}`, { spikeFactor: 4.5, spikeWindow: 'day' });
    expect(patched.body).toMatchObject({ spikeFactor: 4.5, spikeWindow: 'day', spikeMinCount: 1 });
  });
});
