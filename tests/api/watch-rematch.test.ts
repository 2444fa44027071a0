import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { FeedServer, rssFeed } from '../support/feed-server';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';
import { WebhookReceiver } from '../support/webhook-receiver';

type App = Awaited<ReturnType<typeof startInProcess>>;

describe('watch preview and re-match after an edit', () => {
  let app: App;
  let api: ReturnType<typeof apiClient>;
  const feeds = new FeedServer();
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await feeds.start();
    await receiver.start();
    app = await startInProcess({ NEWSWATCH_DEFAULTS: 'false' });
    api = apiClient(app.url, TEST_TOKEN);
    const url = feeds.set('/wire.xml', {
      body: rssFeed('Wire', [
        {
          title: 'Seoul weighs artillery shell exports to Kyiv',
          link: 'https://wire.example/a',
          description: 'The transfer of shells is debated.',
          pubDate: new Date(Date.now() - 3 * 86_400_000),
        },
        {
          title: 'Drone exports to the Gulf rise',
          link: 'https://wire.example/b',
          description: 'Sales of drones grew.',
          pubDate: new Date(Date.now() - 86_400_000),
        },
        { title: 'Weather: sunny in Seoul', link: 'https://wire.example/c', description: 'No news.', pubDate: new Date() },
      ]),
    });
    const feed = await api.post('/feeds', { url });
    await eventually(async () => (await api.get(`/stories?feed=${feed.body.id}`)).body.items.length === 3, 15_000, 'stories stored');
    // The shell story was fetched two hours ago: too old to alert on when a new watch finds it.
    await app.runtime.handle.db
      .updateTable('stories')
      .set({ fetched_at: new Date(Date.now() - 2 * 3_600_000) })
      .where('url', '=', 'https://wire.example/a')
      .execute();
    const channel = await api.post('/channels', { kind: 'webhook', name: 'hook', url: `${receiver.url}/hook` });
    await api.post('/rules', { channelId: channel.body.id, watchId: null, mode: 'instant' });
  });

  afterAll(async () => {
    await app?.cleanup();
    await feeds.stop();
    await receiver.stop();
  });

  it('previews which stored stories a query would match, with spans and per-day counts', async () => {
    const res = await api.post('/watches/preview', { query: '(artillery OR drone*) NEAR/3 export*' });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.scanned).toBe(3);
    expect(res.body.items.map((i: { title: string }) => i.title)).toEqual(['Drone exports to the Gulf rise', 'Seoul weighs artillery shell exports to Kyiv']);
    const drone = res.body.items[0];
    expect(drone.spans.map((s: { start: number; end: number }) => drone.title.slice(s.start, s.end))).toEqual(['Drone', 'exports']);
    expect(res.body.perDay).toHaveLength(30);
    expect(res.body.perDay.reduce((n: number, d: { count: number }) => n + d.count, 0)).toBe(2);
  });

  it('matches existing stories when a watch is created, alerting only for fresh ones, and unmatches after an edit', async () => {
    const watch = await api.post('/watches', { name: 'Exports', query: '(artillery OR drone*) NEAR/3 export*' });
    expect(watch.status).toBe(201);
    const matched = await eventually(
      async () => {
        const items = (await api.get(`/stories?watch=${watch.body.id}`)).body.items;
        return items.length === 2 ? items : null;
      },
      10_000,
      're-match of the new watch',
    );
    expect(matched.map((s: { title: string }) => s.title)).toEqual(['Drone exports to the Gulf rise', 'Seoul weighs artillery shell exports to Kyiv']);
    await app.runtime.rematch.idle();
    // Only the drone story was fetched within the hour: one alert, not two.
    const [alert] = await receiver.waitFor(1, 10_000);
    expect(JSON.parse(alert!.body).data.story.title).toBe('Drone exports to the Gulf rise');

    // Editing the query re-evaluates: the drone story no longer matches, the shell story now matches on its own.
    await api.patch(`/watches/${watch.body.id}`, { query: 'artillery OR shells' });
    await eventually(
      async () => {
        const items = (await api.get(`/stories?watch=${watch.body.id}`)).body.items;
        return items.length === 1 && items[0].title.startsWith('Seoul') ? items : null;
      },
      10_000,
      're-match after the edit',
    );
    // Back to a query that matches the drone story again: it was alerted already, so nothing more is sent.
    await api.patch(`/watches/${watch.body.id}`, { query: 'drone*' });
    await eventually(async () => (await api.get(`/stories?watch=${watch.body.id}`)).body.items.length === 1 || null, 10_000);
    await app.runtime.rematch.idle();
    expect((await api.get(`/stories?watch=${watch.body.id}`)).body.items.map((s: { title: string }) => s.title)).toEqual(['Drone exports to the Gulf rise']);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(1);
  });
});
