import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually } from '../support/api-client';
import { FeedServer } from '../support/feed-server';
import { freePort } from '../support/free-port';
import { startInProcess, TEST_TOKEN } from '../support/in-process-app';
import { FakeHub } from './fake-hub';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function hubFeed(hub: string, self: string, items: { id: string; title: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Pushed Wire</title><link>https://wire.example/</link>
<atom:link rel="hub" href="${escapeXml(hub)}"/><atom:link rel="self" href="${escapeXml(self)}"/>
${items
  .map(
    (i) =>
      `<item><title>${escapeXml(i.title)}</title><link>https://wire.example/${i.id}</link><guid>${i.id}</guid><pubDate>${new Date().toUTCString()}</pubDate><description>${escapeXml(i.title)}.</description></item>`,
  )
  .join('\n')}
</channel></rss>`;
}

describe('WebSub: subscribe where a hub is advertised, verify, ingest signed pushes', () => {
  const hub = new FakeHub();
  const feeds = new FeedServer();
  let app: Awaited<ReturnType<typeof startInProcess>>;
  let feedUrl: string;
  let feedId: number;
  const api = () => apiClient(app.url, TEST_TOKEN);

  beforeAll(async () => {
    await hub.start();
    await feeds.start();
    const port = await freePort();
    app = await startInProcess({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
    feedUrl = `${feeds.url}/pushed.xml`;
    feeds.set('/pushed.xml', { body: hubFeed(hub.url, feedUrl, [{ id: 'p1', title: 'Markets open higher' }]) });
  });

  afterAll(async () => {
    await app?.cleanup();
    await feeds.stop();
    await hub.stop();
  });

  it('subscribes after the first poll and answers the hub’s challenge', async () => {
    feedId = (await api().post('/feeds', { url: feedUrl })).body.id;
    const sub = await eventually(async () => hub.subscriptions.find((s) => s.verified), 15_000, 'a verified subscription');
    expect(sub.topic).toBe(feedUrl);
    expect(sub.callback).toBe(`${app.url}/websub/${feedId}`);
    expect(sub.secret).toMatch(/^[0-9a-f]{48}$/);
    const feed = await eventually(
      async () => {
        const body = (await api().get(`/feeds/${feedId}`)).body;
        return body.websub?.state === 'active' ? body : null;
      },
      5_000,
      'the subscription active on the feed',
    );
    expect(feed.websub).toMatchObject({ hub: hub.url, error: null });
    expect(new Date(feed.websub.leaseUntil).getTime()).toBeGreaterThan(Date.now() + 9 * 86_400_000);
  });

  it('refuses to confirm what it did not ask for', async () => {
    const sub = hub.subscriptions[0]!;
    const wrongTopic = await hub.verify(sub.callback, { 'hub.mode': 'subscribe', 'hub.topic': 'https://evil.example/feed', 'hub.challenge': 'x' });
    expect(wrongTopic.status).toBe(404);
    const unknownFeed = await hub.verify(`${app.url}/websub/999999`, { 'hub.mode': 'subscribe', 'hub.topic': feedUrl, 'hub.challenge': 'x' });
    expect(unknownFeed.status).toBe(404);
    const unsubscribe = await hub.verify(sub.callback, { 'hub.mode': 'unsubscribe', 'hub.topic': feedUrl, 'hub.challenge': 'x' });
    expect(unsubscribe.status).toBe(404);
  });

  it('stores a signed push like a poll — matched by the default watches — without fetching the feed', async () => {
    const polls = feeds.hitCount('/pushed.xml');
    const body = hubFeed(hub.url, feedUrl, [
      { id: 'p2', title: 'Kim Jong Un inspects a new missile launcher' },
      { id: 'p1', title: 'Markets open higher' },
    ]);
    expect(await hub.publish(feedUrl, body)).toEqual([204]);
    const stories = (await api().get(`/stories?feed=${feedId}`)).body.items as { title: string; matches: { watchName: string }[] }[];
    expect(stories.map((s) => s.title)).toEqual(['Kim Jong Un inspects a new missile launcher', 'Markets open higher']);
    expect(stories[0]!.matches.map((m) => m.watchName)).toContain('Kim Jong Un');
    expect(feeds.hitCount('/pushed.xml')).toBe(polls);

    // The same push again stores nothing new.
    await hub.publish(feedUrl, body);
    expect((await api().get(`/stories?feed=${feedId}`)).body.items).toHaveLength(2);
  });

  it('acknowledges but ignores a push with a wrong or missing signature', async () => {
    const forged = hubFeed(hub.url, feedUrl, [{ id: 'p3', title: 'Forged story' }]);
    expect(await hub.publish(feedUrl, forged, { secret: 'not-the-secret' })).toEqual([202]);
    expect(await hub.publish(feedUrl, forged, { unsigned: true })).toEqual([202]);
    const titles = ((await api().get(`/stories?feed=${feedId}`)).body.items as { title: string }[]).map((s) => s.title);
    expect(titles).not.toContain('Forged story');
    const gone = await fetch(`${app.url}/websub/999999`, { method: 'POST', body: forged });
    expect(gone.status).toBe(410);
  });

  it('renews the subscription before its lease runs out', async () => {
    const before = hub.requests.length;
    await app.runtime.handle.db
      .updateTable('feeds')
      .set({ websub_lease_until: new Date(Date.now() + 3_600_000) })
      .where('id', '=', feedId)
      .execute();
    expect((await api().post(`/feeds/${feedId}/refresh`)).status).toBe(202);
    await eventually(async () => hub.requests.length > before, 10_000, 'a renewal request');
    expect(hub.requests.at(-1)).toMatchObject({ 'hub.mode': 'subscribe', 'hub.topic': feedUrl, 'hub.callback': `${app.url}/websub/${feedId}` });
    await eventually(
      async () => {
        const feed = (await api().get(`/feeds/${feedId}`)).body;
        return feed.websub.state === 'active' && new Date(feed.websub.leaseUntil).getTime() > Date.now() + 86_400_000;
      },
      5_000,
      'the renewed lease',
    );
  });
});
