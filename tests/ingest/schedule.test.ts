import { createFeed, findFeedById, type Feed } from '@newswatch/db';
import { IngestWorker, type IngestContext } from '@newswatch/ingest';
import net from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { testIngestContext } from '../support/ingest-context';
import { databaseAndFeedServer } from '../support/database-and-feed-server';
import { rssFeed } from '../support/feed-server';
import { FeedFarm, loopbackAddress } from './feed-farm';

/** A port on `address` that refuses connections (nothing listens there): a site that is down. */
async function refusingUrl(address: string): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://${address}:${port}/feed.xml`;
}

const secondsUntil = (feed: Feed) => (feed.next_poll_at.getTime() - Date.now()) / 1000;

describe('scheduling on real HTTP answers', () => {
  const handle = databaseAndFeedServer('pglite');
  const { server } = handle;
  let ctx: IngestContext;
  beforeEach(async () => {
    // Every test starts with no feeds and a fresh process state (limiter, outage history).
    await handle.db.deleteFrom('feeds').execute();
    ctx = testIngestContext(handle.db);
  });

  const worker = () => new IngestWorker(ctx, { concurrency: 8 });
  const feedOf = async (id: number) => (await findFeedById(handle.db, id))!;

  it('does not punish the feeds when nearly every fetch of a cycle fails (our own outage)', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push((await createFeed(handle.db, { url: await refusingUrl(loopbackAddress(200 + i)), title: null }))!.id);
    const summary = await worker().runOnce();
    expect(summary).toMatchObject({ polled: 12, failed: 12 });
    for (const id of ids) {
      const feed = await feedOf(id);
      expect(feed.consecutive_failures).toBe(0);
      expect(feed.failing_since).toBeNull();
      expect(feed.last_error).toMatch(/ECONNREFUSED.*not counted: 12 of the last 12 fetches failed, on 12 hosts/);
      expect(secondsUntil(feed)).toBeGreaterThan(100);
      expect(secondsUntil(feed)).toBeLessThanOrEqual(300);
    }
  });

  it('counts the failure of one dead feed among working ones, with backoff', async () => {
    const farm = await new FeedFarm({ hosts: 11, feedsPerHost: 1, itemsPerFeed: 3 }).start();
    try {
      for (const url of farm.urls) await createFeed(handle.db, { url, title: null });
      const dead = (await createFeed(handle.db, { url: await refusingUrl(loopbackAddress(230)), title: null }))!;
      const summary = await worker().runOnce();
      expect(summary).toMatchObject({ polled: 12, failed: 1, inserted: 33 });
      const feed = await feedOf(dead.id);
      expect(feed.consecutive_failures).toBe(1);
      expect(feed.failing_since).not.toBeNull();
      expect(feed.last_error).toMatch(/ECONNREFUSED/);
      expect(feed.last_error).not.toMatch(/not counted/);
      expect(secondsUntil(feed)).toBeGreaterThan(40);
      expect(secondsUntil(feed)).toBeLessThan(75);
    } finally {
      await farm.stop();
    }
  });

  it('never gives up on a broken feed: after many failures it is still retried within a day', async () => {
    const url = server.set('/broken.xml', { status: 500, body: 'oops' });
    const feed = (await createFeed(handle.db, { url, title: null, consecutive_failures: 40, failing_since: new Date(Date.now() - 30 * 86_400_000) }))!;
    await worker().runOnce();
    const after = await feedOf(feed.id);
    expect(after).toMatchObject({ enabled: true, consecutive_failures: 41, last_status: 500 });
    expect(secondsUntil(after)).toBeLessThanOrEqual(86_400);
    expect(secondsUntil(after)).toBeGreaterThan(0.79 * 86_400);
  });

  it('honours 429 Retry-After for the feed and holds its host’s other feeds back without counting a failure', async () => {
    const limited = server.set('/limited.xml', { status: 429, body: 'slow down', headers: { 'retry-after': '900' } });
    const sibling = server.set('/sibling.xml', { body: rssFeed('Sibling', []) });
    const a = (await createFeed(handle.db, { url: limited, title: null }))!;
    const w = worker();
    await w.runOnce();
    const first = await feedOf(a.id);
    expect(first).toMatchObject({ last_status: 429, consecutive_failures: 1 });
    expect(secondsUntil(first)).toBeGreaterThan(890);

    const b = (await createFeed(handle.db, { url: sibling, title: null }))!;
    const summary = await w.runOnce();
    expect(summary).toMatchObject({ polled: 1, failed: 0 });
    expect(server.hitCount('/sibling.xml')).toBe(0);
    const deferred = await feedOf(b.id);
    expect(deferred).toMatchObject({ consecutive_failures: 0, last_fetched_at: null, last_error: null });
    expect(secondsUntil(deferred)).toBeGreaterThan(890);
  });

  it('waits a 503 Retry-After given as an HTTP date', async () => {
    const url = server.set('/maintenance.xml', {
      status: 503,
      body: 'maintenance',
      headers: { 'retry-after': new Date(Date.now() + 2 * 3_600_000).toUTCString() },
    });
    const feed = (await createFeed(handle.db, { url, title: null }))!;
    await worker().runOnce();
    const after = await feedOf(feed.id);
    expect(after.last_status).toBe(503);
    expect(secondsUntil(after)).toBeGreaterThan(7000);
  });

  it('follows a permanent redirect by updating the stored URL, but not a temporary one', async () => {
    const target = server.set('/new-home.xml', { body: rssFeed('Moved', [{ title: 'Hello', link: 'https://moved.example/1', description: 'x' }]) });
    const permanent = server.set('/old-home.xml', { status: 301, body: '', headers: { location: '/new-home.xml' } });
    const temporary = server.set('/elsewhere.xml', { status: 302, body: '', headers: { location: '/new-home.xml' } });
    const moved = (await createFeed(handle.db, { url: permanent, title: null }))!;
    const kept = (await createFeed(handle.db, { url: temporary, title: null }))!;
    await worker().runOnce();
    expect((await feedOf(moved.id)).url).toBe(target);
    expect((await feedOf(kept.id)).url).toBe(temporary);
  });

  it('keeps the old URL when the permanent redirect leads to a feed already subscribed', async () => {
    const target = server.set('/taken.xml', { body: rssFeed('Taken', []) });
    const redirecting = server.set('/to-taken.xml', { status: 308, body: '', headers: { location: '/taken.xml' } });
    await createFeed(handle.db, { url: target, title: null, next_poll_at: new Date(Date.now() + 3_600_000) });
    const feed = (await createFeed(handle.db, { url: redirecting, title: null }))!;
    await worker().runOnce();
    expect(await feedOf(feed.id)).toMatchObject({ url: redirecting, consecutive_failures: 0, last_status: 200 });
  });

  it('adapts the interval to the publishing rate and respects <ttl> and Cache-Control', async () => {
    const now = Date.now();
    const items = (gapMinutes: number) =>
      Array.from({ length: 6 }, (_, i) => ({
        title: `t${i}`,
        link: `https://pace.example/${gapMinutes}/${i}`,
        description: 'd',
        pubDate: new Date(now - i * gapMinutes * 60_000),
      }));
    const busy = server.set('/busy.xml', { body: rssFeed('Busy', items(6)) });
    const ttl = server.set('/ttl.xml', {
      body: rssFeed('TTL', items(6)).replace('<description>test feed</description>', '<description>test feed</description><ttl>45</ttl>'),
    });
    const cached = server.set('/cached.xml', { body: rssFeed('Cached', items(6)), headers: { 'cache-control': 'max-age=1200' } });
    const ids = [];
    for (const url of [busy, ttl, cached]) ids.push((await createFeed(handle.db, { url, title: null }))!.id);
    await worker().runOnce();
    const [b, t, c] = await Promise.all(ids.map(feedOf));
    expect(b!.item_gap_s).toBe(360);
    expect(secondsUntil(b!)).toBeGreaterThan(150);
    expect(secondsUntil(b!)).toBeLessThan(200);
    expect(t!.ttl_s).toBe(2700);
    expect(secondsUntil(t!)).toBeGreaterThan(0.89 * 2700);
    expect(secondsUntil(c!)).toBeGreaterThan(0.89 * 1200);
  });
});
