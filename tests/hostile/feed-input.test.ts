import { createAlertComposer } from '@newswatch/alerts';
import { createFeed, findFeedById, updateFeed } from '@newswatch/db';
import { createLogger } from '@newswatch/cli';
import { HostLimiter, IngestWorker, signHubBody, WatchMatcher, WebSubReceiver, type CycleSummary, type IngestContext } from '@newswatch/ingest';
import { describe, expect, it } from 'vitest';
import { capturedLog } from '../support/captured-log';
import { databaseAndFeedServer } from '../support/database-and-feed-server';
import { testBackends } from '../support/databases';
import { rssFeed, type TestItem } from '../support/feed-server';

/*
 * Feeds as publishers' servers really send them, at their worst: one of them must never cost
 * the others, and no item may cost the whole feed. Each probe polls a feed through the real
 * pipeline (HTTP fetch, decode, parse, normalize, store) and reads back what was stored.
 */

const items = (count: number, prefix: string, extra: Partial<TestItem> = {}): TestItem[] =>
  Array.from({ length: count }, (_, i) => ({
    title: `${prefix} report ${i}: harbour cranes idle after strike`,
    link: `https://hostile.example/${prefix}/${i}`,
    description: `Dock workers at berth ${i} stayed out for a ${prefix} day; shipping agents rerouted ${i % 17} vessels.`,
    ...extra,
  }));

describe.each(testBackends())('hostile feed input on %s', (backend) => {
  const handle = databaseAndFeedServer(backend);
  const { server } = handle;

  /** Subscribes to `body` and runs one poll cycle; returns the cycle, the feed row and its stories. */
  const poll = async (path: string, body: string) => {
    const url = server.set(path, { body });
    const feed = (await createFeed(handle.db, { url, title: null }))!;
    const ctx: IngestContext = {
      db: handle.db,
      owner: 'hostile-worker',
      matcher: new WatchMatcher(handle.db),
      logger: createLogger('silent'),
      alerts: createAlertComposer(null),
      fetchOptions: { allowPrivate: true, timeoutMs: 20_000 },
      hostLimiter: new HostLimiter(),
    };
    const started = performance.now();
    const summary: CycleSummary = await new IngestWorker(ctx, { concurrency: 4 }).runOnce();
    const ms = performance.now() - started;
    const row = (await findFeedById(handle.db, feed.id))!;
    const stories = await handle.db
      .selectFrom('stories')
      .select(['guid', 'url', 'title', 'summary_text', 'content_html', 'content_text', 'author'])
      .where('feed_id', '=', feed.id)
      .execute();
    return { summary, ms, feed: row, stories };
  };

  it('stores a 10,000-item feed whole (more rows than one statement can bind)', async () => {
    const { feed, stories } = await poll('/ten-thousand.xml', rssFeed('Ten thousand', items(10_000, 'bulk')));
    expect(feed.last_error).toBeNull();
    expect(feed.last_status).toBe(200);
    expect(stories).toHaveLength(10_000);
    expect(new Set(stories.map((s) => s.guid)).size).toBe(10_000);
  });

  it('keeps the newest 10,000 items of a pushed feed of more, and says so in the log', async () => {
    const feed = (await createFeed(handle.db, { url: `${server.url}/pushed-bulk.xml`, title: null }))!;
    await updateFeed(handle.db, feed.id, { websub_secret: 'push-secret' });
    const { logger, lines: logged } = capturedLog();
    const receiver = new WebSubReceiver({ db: handle.db, matcher: new WatchMatcher(handle.db), alerts: createAlertComposer(null), logger });
    // The oldest item last: a hub pushes the feed as the publisher serves it, newest first.
    const pushed = items(10_001, 'pushed').map((item, i) => ({ ...item, pubDate: new Date(Date.UTC(2026, 11, 1) - i * 60_000) }));
    const body = Buffer.from(rssFeed('Pushed in bulk', pushed));
    expect(await receiver.receive(feed.id, signHubBody('push-secret', body), 'application/rss+xml', body)).toEqual({ status: 204, body: '' });
    expect(logged).toContainEqual(
      expect.objectContaining({ feed_id: feed.id, items: 10_001, kept: 10_000, msg: 'Feed holds more items than one reading keeps; the newest are kept' }),
    );
    const guids = (await handle.db.selectFrom('stories').select('guid').where('feed_id', '=', feed.id).execute()).map((s) => s.guid);
    expect(guids).toHaveLength(10_000);
    expect(guids).not.toContain(pushed.at(-1)!.link);
  });

  it('stores every item of a feed whose item title carries a NUL byte, without the NUL', async () => {
    const body = rssFeed('Wire\u0000 desk', items(20, 'nul'))
      .replace('nul report 7:', 'nul report 7:\u0000')
      .replace('rerouted 3 vessels', 'rerouted &#0;3 vessels &#xD800;today');
    const { feed, stories } = await poll('/nul.xml', body);
    expect(feed.last_error).toBeNull();
    expect(stories).toHaveLength(20);
    expect(feed.title).toBe('Wire desk');
    for (const story of stories) for (const text of Object.values(story)) expect(text ?? '').not.toMatch(/[\u0000\ud800-\udfff]/u);
    expect(stories.map((s) => s.title)).toContain('nul report 7: harbour cranes idle after strike');
  });

  it('stores every item of a JSON Feed whose strings escape a NUL or half a surrogate pair', async () => {
    const doc = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Json\u0000 wire',
      items: Array.from({ length: 5 }, (_, i) => ({
        id: `json-${i}\u0000`,
        url: `https://hostile.example/json/${i}`,
        title: `Port report ${i}\ud800`,
        content_html: `<p>Cranes idle \udc00at berth ${i}\u0000</p>`,
        authors: [{ name: 'Desk\u0000' }],
      })),
    };
    const { feed, stories } = await poll('/nul.json', JSON.stringify(doc));
    expect(feed.last_error).toBeNull();
    expect(feed.title).toBe('Json wire');
    expect(stories.map((s) => s.title).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `Port report ${i}`));
    for (const story of stories) for (const text of Object.values(story)) expect(text ?? '').not.toMatch(/[\u0000\ud800-\udfff]/u);
  });

  it('records a broken feed whose error message would quote a NUL byte, and goes on', async () => {
    const { summary, feed } = await poll('/broken-nul.json', '{"version": "https://jsonfeed.org/version/1.1", "items": [\u0000]}');
    expect(summary).toMatchObject({ polled: 1, failed: 1 });
    expect(feed.last_error).toMatch(/invalid JSON/);
    expect(feed.last_error).not.toMatch(/\u0000/);
    expect(feed).toMatchObject({ consecutive_failures: 1, lease_owner: null });
  });

  it('stores an item whose description nests 100,000 elements within seconds, and the text of one nesting 20,000', async () => {
    const nest = (depth: number, text: string) => `${'<div>'.repeat(depth)}${text}${'</div>'.repeat(depth)}`;
    const body = rssFeed('Deep', [
      ...items(3, 'deep'),
      { title: 'Nested', link: 'https://hostile.example/deep/nested', description: nest(100_000, 'Deepest cargo manifest') },
      { title: 'Less nested', link: 'https://hostile.example/deep/less', description: nest(20_000, 'Deep cargo manifest') },
    ]);
    const { feed, stories, ms } = await poll('/deep.xml', body);
    expect(feed.last_error).toBeNull();
    expect(stories).toHaveLength(5);
    expect(ms).toBeLessThan(5_000);
    const nested = stories.find((s) => s.title === 'Nested')!;
    expect(nested.content_html.length).toBeLessThan(10_000);
    const less = stories.find((s) => s.title === 'Less nested')!;
    expect(less.content_text).toBe('Deep cargo manifest');
    expect(less.content_html).toContain('Deep cargo manifest');
    expect(less.content_html.length).toBeLessThan(10_000);
  });
});
