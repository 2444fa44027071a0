import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { FeedServer, rssFeed } from '../support/feed-server';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';

type App = Awaited<ReturnType<typeof startInProcess>>;

describe('JSON API contract (DESIGN §7)', () => {
  let app: App;
  let api: ReturnType<typeof apiClient>;
  const feeds = new FeedServer();

  beforeAll(async () => {
    await feeds.start();
    app = await startInProcess();
    api = apiClient(app.url, TEST_TOKEN);
  });
  afterAll(async () => {
    await app?.cleanup();
    await feeds.stop();
  });

  it('refuses requests without a valid token, in the JSON error shape', async () => {
    const anonymous = await fetch(`${app.url}/api/v1/feeds`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    const wrong = await apiClient(app.url, 'not-the-token-at-all').get('/feeds');
    expect(wrong.status).toBe(401);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
  });

  it('answers 404 in the error shape for unknown ids and routes', async () => {
    for (const path of ['/feeds/999', '/watches/999', '/stories/999', '/channels/999', '/rules/999', '/deliveries/999', '/feeds/abc', '/nope']) {
      const res = await api.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code, path).toBe('not_found');
      expect(typeof res.body.error.message).toBe('string');
    }
    expect((await api.patch('/watches/999', { name: 'x' })).status).toBe(404);
    expect((await api.delete('/feeds/999')).status).toBe(404);
  });

  it('rejects an invalid query with 422 naming the position', async () => {
    const res = await api.post('/watches', { name: 'broken', query: '(arms OR weapons NEAR/5 sale' });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'invalid_query', position: 28 });
    expect(res.body.error.message).toContain("expected ')'");
    const preview = await api.post('/watches/preview', { query: 'arms NEAR/x sale' });
    expect(preview.status).toBe(422);
    expect(preview.body.error.position).toBe(5);
  });

  it('rejects malformed bodies with 400 and duplicates with 409', async () => {
    expect((await api.post('/feeds', { url: 'ftp://example.com/feed' })).body.error.code).toBe('invalid_request');
    expect((await api.post('/feeds', {})).status).toBe(400);
    expect((await api.call('POST', '/feeds', undefined)).status).toBe(400);
    expect((await api.post('/channels', { kind: 'pager', name: 'x' })).status).toBe(400);
    expect((await api.post('/rules', { channelId: 12345, mode: 'instant' })).status).toBe(422);
    const url = feeds.set('/dup.xml', { body: rssFeed('Dup', []) });
    expect((await api.post('/feeds', { url })).status).toBe(201);
    expect((await api.post('/feeds', { url })).status).toBe(409);
  });

  it('records a broken feed as its error and keeps polling the others', async () => {
    const good = feeds.set('/good.xml', {
      body: rssFeed('Good Wire', [
        {
          title: 'Kim Jong Un inspects missile factory',
          link: 'https://wire.example/1',
          description: 'State media said.',
          pubDate: new Date(Date.now() - 60_000),
        },
        { title: 'Weather in Seoul', link: 'https://wire.example/2', description: 'Sunny.', pubDate: new Date(Date.now() - 120_000) },
      ]),
    });
    const html = feeds.set('/page.html', { body: '<html><body>not a feed</body></html>', contentType: 'text/html' });
    const unreachable = 'http://127.0.0.1:1/feed.xml';
    const ids: Record<string, number> = {};
    for (const [name, url] of Object.entries({ good, html, unreachable })) ids[name] = (await api.post('/feeds', { url })).body.id;

    const feedsAfter = await eventually(
      async () => {
        const list = (await api.get('/feeds')).body.items as { id: number; lastFetchedAt: string | null }[];
        const ours = list.filter((f) => Object.values(ids).includes(f.id));
        return ours.every((f) => f.lastFetchedAt) ? ours : null;
      },
      15_000,
      'all three feeds polled',
    );
    const byId = new Map(feedsAfter.map((f: any) => [f.id, f]));
    expect(byId.get(ids.good!)).toMatchObject({ lastError: null, consecutiveFailures: 0, title: 'Good Wire' });
    expect(byId.get(ids.html!).lastError).toMatch(/feed/i);
    expect(byId.get(ids.html!).consecutiveFailures).toBe(1);
    expect(byId.get(ids.unreachable!).lastError).toMatch(/ECONNREFUSED|refused|connect/i);
    expect(new Date(byId.get(ids.unreachable!).nextPollAt).getTime()).toBeGreaterThan(Date.now());

    const stories = (await api.get(`/stories?feed=${ids.good}`)).body.items;
    expect(stories.map((s: any) => s.title)).toEqual(['Kim Jong Un inspects missile factory', 'Weather in Seoul']);
    expect(stories[0]).toMatchObject({ feedId: ids.good, state: 'new', clusterSize: 1 });
    expect(stories[0].matches[0]).toMatchObject({ watchName: 'Kim Jong Un', spans: [{ field: 'title', start: 0, end: 11 }] });
    expect(stories[1].matches).toEqual([]);
  });

  it('lists stories newest first with filters and a cursor, and sets triage state', async () => {
    const page1 = await api.get('/stories?limit=1');
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await api.get(`/stories?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    expect(new Date(page2.body.items[0].publishedAt) <= new Date(page1.body.items[0].publishedAt)).toBe(true);
    expect((await api.get('/stories?cursor=garbage')).status).toBe(400);
    expect((await api.get('/stories?since=yesterday')).status).toBe(400);

    const matched = (await api.get('/stories?matched=true')).body.items;
    expect(matched.map((s: any) => s.title)).toEqual(['Kim Jong Un inspects missile factory']);
    expect((await api.get('/stories?q=seoul')).body.items.map((s: any) => s.title)).toEqual(['Weather in Seoul']);

    const id = matched[0].id;
    expect((await api.patch(`/stories/${id}`, { state: 'starred' })).status).toBe(200);
    expect((await api.get(`/stories?state=starred`)).body.items.map((s: any) => s.id)).toEqual([id]);
    expect((await api.patch(`/stories/${id}`, { state: 'loved' })).status).toBe(400);
  });

  it('shows a webhook secret once and only a hint afterwards', async () => {
    const created = await api.post('/channels', { kind: 'webhook', name: 'ops', url: 'https://hooks.example/x' });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const fetched = await api.get(`/channels/${created.body.id}`);
    expect(fetched.body.secret).toBeUndefined();
    expect(fetched.body.secretHint).toBe(`${created.body.secret.slice(0, 10)}…`);
    expect(JSON.stringify((await api.get('/channels')).body)).not.toContain(created.body.secret);
  });

  it('changes only the channel fields a PATCH names', async () => {
    const email = await api.post('/channels', { kind: 'email', name: 'desk', to: ['desk@news.example'] });
    const renamed = await api.patch(`/channels/${email.body.id}`, { name: 'night desk' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'night desk', to: ['desk@news.example'] });
    const slack = await api.post('/channels', { kind: 'webhook', name: 'chat', url: 'https://hooks.example/slack', format: 'slack' });
    const muted = await api.patch(`/channels/${slack.body.id}`, { rateLimitPerMinute: 5 });
    expect(muted.body).toMatchObject({ format: 'slack', rateLimitPerMinute: 5 });
  });

  it('serves the OpenAPI document', async () => {
    const doc = await api.get('/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/feeds', '/watches', '/stories', '/channels', '/rules', '/deliveries']));
  });
});
