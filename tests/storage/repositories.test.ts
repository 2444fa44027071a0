import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTermDocumentCounts,
  claimDueDeliveries,
  claimDueFeeds,
  createChannel,
  createClustersFor,
  deleteFeed,
  createFeed,
  createRule,
  createWatch,
  enqueueDelivery,
  findClustersByNearDuplicate,
  findTermDocumentCounts,
  finishDeliveryAttempt,
  insertMatches,
  insertStories,
  insertStory,
  listDeliveryAttempts,
  listMatchesForStories,
  listStories,
  findStoryKeys,
  findFeedById,
  releaseFeedLease,
  releaseFeedLeases,
  setStoryState,
  sql,
  updateStory,
  type DatabaseHandle,
  type NewStory,
} from '@newswatch/db';
import { createTestDatabase, testBackends } from '../support/databases';

function story(feedId: number, key: string, publishedAt: string, title = `Story ${key}`): NewStory {
  return {
    feed_id: feedId,
    dedupe_key: key,
    guid: key,
    url: `https://example.com/${key}`,
    canonical_url: `https://example.com/${key}`,
    title,
    summary_text: `${title} summary`,
    content_html: '',
    content_text: '',
    author: null,
    language: 'en',
    published_at: new Date(publishedAt),
    content_hash: key,
    cluster_id: null,
  };
}

describe.each(testBackends())('storage on %s', (backend) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('refuses a duplicate feed URL and returns numeric ids', async () => {
    const feed = await createFeed(handle.db, { url: 'https://example.com/a.xml', title: 'A' });
    expect(typeof feed?.id).toBe('number');
    expect(await createFeed(handle.db, { url: 'https://example.com/a.xml', title: 'again' })).toBeNull();
  });

  it('leases each due feed to one worker at a time, and releases it only for the holder', async () => {
    const { db } = handle;
    await createFeed(db, { url: 'https://example.com/lease.xml', title: 'L' });
    const [first, second] = await Promise.all([claimDueFeeds(db, 'worker-1', 100, 60), claimDueFeeds(db, 'worker-2', 100, 60)]);
    const ids = [...first!, ...second!].map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(await claimDueFeeds(db, 'worker-3', 100, 60)).toEqual([]);
    const mine = first!.length > 0 ? first![0]! : second![0]!;
    const other = mine.lease_owner === 'worker-1' ? 'worker-2' : 'worker-1';
    expect(await releaseFeedLease(db, mine.id, other, { last_error: 'not mine' })).toBe(false);
    expect(await releaseFeedLease(db, mine.id, mine.lease_owner!, { next_poll_at: new Date(Date.now() + 60_000) })).toBe(true);
  });

  it('ends several leases at once, each with its own outcome, only for their holder', async () => {
    const { db } = handle;
    const feeds = await Promise.all(['x', 'y', 'z'].map((n) => createFeed(db, { url: `https://many-${n}.example/feed.xml`, title: null })));
    const claimed = await claimDueFeeds(db, 'worker-m', 100, 60);
    const [x, y, z] = feeds.map((f) => claimed.find((c) => c.id === f!.id)!);
    const nextPoll = new Date('2030-01-02T03:04:05Z');
    const outcome = (etag: string | null, newest: Date | null) => ({
      last_status: 200,
      last_error: null,
      etag,
      title: `feed ${etag}`,
      item_gap_s: 600,
      newest_item_at: newest,
      next_poll_at: nextPoll,
    });
    const released = await releaseFeedLeases(db, 'worker-m', [
      { id: x!.id, update: outcome('"e1"', new Date('2026-11-28T10:00:00Z')) },
      { id: y!.id, update: outcome(null, null) },
    ]);
    expect(released).toBe(2);
    const stored = await findFeedById(db, x!.id);
    expect(stored).toMatchObject({ etag: '"e1"', title: 'feed "e1"', item_gap_s: 600, lease_owner: null, lease_until: null });
    expect(stored!.newest_item_at!.toISOString()).toBe('2026-11-28T10:00:00.000Z');
    expect(stored!.next_poll_at.toISOString()).toBe(nextPoll.toISOString());
    expect(await findFeedById(db, y!.id)).toMatchObject({ etag: null, newest_item_at: null, title: 'feed null' });
    expect(await releaseFeedLeases(db, 'worker-other', [{ id: z!.id, update: outcome('"e3"', null) }])).toBe(0);
    expect((await findFeedById(db, z!.id))!.lease_owner).toBe('worker-m');
    // Outcomes writing different columns, in one call: each writes its own and nothing else.
    const created = (await createFeed(db, { url: 'https://many-w.example/feed.xml', title: null }))!;
    const w = (await claimDueFeeds(db, 'worker-m', 100, 60)).find((f) => f.id === created.id)!;
    expect(
      await releaseFeedLeases(db, 'worker-m', [
        { id: z!.id, update: { etag: '"z"' } },
        { id: w.id, update: { title: 'only title' } },
      ]),
    ).toBe(2);
    expect(await findFeedById(db, z!.id)).toMatchObject({ etag: '"z"', title: null, lease_owner: null });
    expect(await findFeedById(db, w.id)).toMatchObject({ etag: null, title: 'only title', lease_owner: null });
  });

  it('adds up document frequencies by term number across writers, the total in its own row', async () => {
    const { db } = handle;
    // Numbers as the vocabulary makes them, negative ones included; 0 is the total.
    await Promise.all([
      addTermDocumentCounts(
        db,
        3,
        new Map([
          [-2_128_831_035, 2],
          [17, 3],
        ]),
      ),
      addTermDocumentCounts(
        db,
        2,
        new Map([
          [17, 1],
          [2_000_000_000, 2],
        ]),
      ),
    ]);
    const { total, counts } = await findTermDocumentCounts(db, [17, -2_128_831_035, 2_000_000_000, 5]);
    expect(total).toBe(5);
    expect([...counts].sort(([a], [b]) => a - b)).toEqual([
      [-2_128_831_035, 2],
      [17, 4],
      [2_000_000_000, 2],
    ]);
  });

  it('finds the stored keys of several feeds at once, only as asked pairs', async () => {
    const { db } = handle;
    const a = (await createFeed(db, { url: 'https://keys-a.example/feed.xml', title: null }))!;
    const b = (await createFeed(db, { url: 'https://keys-b.example/feed.xml', title: null }))!;
    await insertStories(db, [story(a.id, 'shared', '2026-11-28T10:00:00Z'), story(b.id, 'only-b', '2026-11-28T10:00:00Z')]);
    const known = await findStoryKeys(db, [
      { feedId: a.id, dedupeKey: 'shared' },
      { feedId: b.id, dedupeKey: 'shared' },
      { feedId: a.id, dedupeKey: 'only-b' },
      { feedId: b.id, dedupeKey: 'only-b' },
    ]);
    expect([...known.get(a.id)!.keys()]).toEqual(['shared']);
    expect([...known.get(b.id)!.keys()]).toEqual(['only-b']);
  });

  it('leaves feeds of hosts the worker cannot fetch now to a later claim', async () => {
    const { db } = handle;
    const busy = (await createFeed(db, { url: 'https://Busy-Host.example/news.xml', title: 'busy' }))!;
    const busyPort = (await createFeed(db, { url: 'http://127.0.0.9:8080/feed', title: 'busy port' }))!;
    const idle = (await createFeed(db, { url: 'https://idle-host.example/news.xml', title: 'idle' }))!;
    const claimed = await claimDueFeeds(db, 'worker-1', 100, 60, { avoidHosts: ['busy-host.example', '127.0.0.9:8080'] });
    const ids = claimed.map((f) => f.id);
    expect(ids).toContain(idle.id);
    expect(ids).not.toContain(busy.id);
    expect(ids).not.toContain(busyPort.id);
    const later = (await claimDueFeeds(db, 'worker-1', 100, 60)).map((f) => f.id);
    expect(later).toEqual(expect.arrayContaining([busy.id, busyPort.id]));
  });

  it('claims one feed of each host when asked, the host’s next feeds left to later claims', async () => {
    const { db } = handle;
    const feedsOf = async (host: string, count: number) => {
      const ids: number[] = [];
      for (let n = 0; n < count; n++) ids.push((await createFeed(db, { url: `http://${host}/feed-${n}.xml`, title: null }))!.id);
      return ids;
    };
    const site = await feedsOf('127.0.0.21:8080', 3);
    const other = await feedsOf('127.0.0.22:8080', 2);
    const single = await feedsOf('127.0.0.23:8080', 1);
    const hostOf = new Map([
      ...site.map((id) => [id, 'site'] as const),
      ...other.map((id) => [id, 'other'] as const),
      ...single.map((id) => [id, 'single'] as const),
    ]);
    const claimHosts = async () =>
      (await claimDueFeeds(db, 'worker-h', 100, 60, { onePerHost: true }))
        .map((f) => hostOf.get(f.id))
        .filter((h) => h !== undefined)
        .sort();
    expect(await claimHosts()).toEqual(['other', 'single', 'site']);
    expect(await claimHosts()).toEqual(['other', 'site']);
    expect(await claimHosts()).toEqual(['site']);
    expect(await claimHosts()).toEqual([]);
  });

  it('finds the cluster of a recent near-identical story from another feed by its lookup keys', async () => {
    const { db } = handle;
    const feedA = (await createFeed(db, { url: 'https://near-a.example/feed.xml', title: 'A' }))!;
    const feedB = (await createFeed(db, { url: 'https://near-b.example/feed.xml', title: 'B' }))!;
    const [cluster] = await createClustersFor(db, [0]);
    const bands = [0 * 65536 + 0b1010, 1 * 65536 + 77, 2 * 65536 + 4000, 3 * 65536 + 65535];
    const keys = [101, 102, 103, 104, 105, 106];
    await insertStories(db, [
      { ...story(feedA.id, 'near-1', '2026-11-28T10:00:00Z'), cluster_id: cluster!.id, near_duplicate_bands: bands, near_duplicate_keys: keys },
    ]);
    const distance = (a: readonly number[], b: readonly number[]) =>
      a.reduce((bits, band, k) => bits + ((band ^ b[k]!) & 0xffff).toString(2).replaceAll('0', '').length, 0);
    const options = { maxBits: 2, withinHours: 48, distance };
    const twoBitsOff = { bands: [bands[0]! ^ 0b11, bands[1]!, bands[2]!, bands[3]!], keys: [900, 901, 902, 903, 904, 106] };
    const sharedKeyButFar = { bands: [bands[0]! ^ 0b111, bands[1]!, bands[2]!, bands[3]!], keys: [101, 950, 951, 952, 953, 954] };
    const noSharedKey = { bands, keys: [700, 701, 702, 703, 704, 705] };
    const lookup = (fingerprints: { bands: number[]; keys: number[] }[], feedId: number) =>
      db.transaction().execute((trx) =>
        findClustersByNearDuplicate(
          trx,
          fingerprints.map((f) => ({ ...f, feedId })),
          options,
        ),
      );
    expect(await lookup([twoBitsOff, sharedKeyButFar], feedB.id)).toEqual([cluster!.id, null]);
    // Found through keys only: without a shared key, even an identical fingerprint is not looked at.
    expect(await lookup([noSharedKey], feedB.id)).toEqual([null]);
    // The story's own feed is not another outlet.
    expect(await lookup([{ bands, keys }], feedA.id)).toEqual([null]);
    // Probes of several feeds in one lookup: each skips only its own feed.
    const mixed = await db.transaction().execute((trx) =>
      findClustersByNearDuplicate(
        trx,
        [
          { bands, keys, feedId: feedA.id },
          { bands, keys, feedId: feedB.id },
        ],
        options,
      ),
    );
    expect(mixed).toEqual([null, cluster!.id]);
  });

  it("keeps the near-duplicate keys' table as an index is kept: a story's keys follow its inserts, updates and deletes", async () => {
    const { db } = handle;
    const feedA = (await createFeed(db, { url: 'https://pairs-a.example/feed.xml', title: 'A' }))!;
    const feedB = (await createFeed(db, { url: 'https://pairs-b.example/feed.xml', title: 'B' }))!;
    const [cluster] = await createClustersFor(db, [0]);
    const bands = [1, 65536 + 2, 2 * 65536 + 3, 3 * 65536 + 4];
    const [stored] = await insertStories(db, [
      { ...story(feedA.id, 'keys-1', '2026-11-28T10:00:00Z'), cluster_id: cluster!.id, near_duplicate_bands: bands, near_duplicate_keys: [201, 202, 201] },
    ]);
    const options = { maxBits: 0, withinHours: 48, distance: (a: readonly number[], b: readonly number[]) => (a.join() === b.join() ? 0 : 64) };
    const lookup = (keys: number[]) => db.transaction().execute((trx) => findClustersByNearDuplicate(trx, [{ feedId: feedB.id, bands, keys }], options));
    const pairs = async () =>
      (await sql<{ key: number }>`select key from story_near_duplicate_keys where story_id = ${stored!.id} order by key`.execute(db)).rows.map((r) => r.key);

    // A key repeated in a story's array is one pair (the insert fails if it is two).
    expect(await pairs()).toEqual([201, 202]);
    expect(await lookup([202])).toEqual([cluster!.id]);

    await updateStory(db, stored!.id, { near_duplicate_keys: [203] });
    expect(await pairs()).toEqual([203]);
    expect(await lookup([202])).toEqual([null]);
    expect(await lookup([203])).toEqual([cluster!.id]);
    // An update that leaves the keys alone leaves their pairs alone.
    await updateStory(db, stored!.id, { title: 'Edited' });
    expect(await pairs()).toEqual([203]);

    // Deleting the feed deletes its stories, and their pairs with them.
    await deleteFeed(db, feedA.id);
    expect(await pairs()).toEqual([]);
    expect(await lookup([203])).toEqual([null]);
  });

  it('stores a story once per feed key, pages newest first, and filters by match and state', async () => {
    const { db } = handle;
    const feed = (await createFeed(db, { url: 'https://example.com/stories.xml', title: 'Stories' }))!;
    const older = (await insertStory(db, story(feed.id, 'k1', '2026-11-01T10:00:00Z')))!;
    const newer = (await insertStory(db, story(feed.id, 'k2', '2026-11-02T10:00:00Z', 'Arms transfer to Russia')))!;
    expect(await insertStory(db, story(feed.id, 'k1', '2026-11-01T10:00:00Z'))).toBeNull();

    const watch = await createWatch(db, { name: 'arms', query: 'arms' });
    const spans = [{ field: 'title', start: 0, end: 4 }];
    expect(await insertMatches(db, [{ story_id: newer.id, watch_id: watch.id, spans }])).toHaveLength(1);
    expect(await insertMatches(db, [{ story_id: newer.id, watch_id: watch.id, spans }])).toHaveLength(0);
    const matches = await listMatchesForStories(db, [newer.id]);
    expect(matches[0]).toMatchObject({ watch_name: 'arms', spans });

    const page1 = await listStories(db, { feedId: feed.id, limit: 1 });
    expect(page1.map((s) => s.id)).toEqual([newer.id]);
    const page2 = await listStories(db, {
      feedId: feed.id,
      limit: 1,
      before: { publishedAt: page1[0]!.published_at, id: page1[0]!.id },
    });
    expect(page2.map((s) => s.id)).toEqual([older.id]);
    expect((await listStories(db, { feedId: feed.id, matched: true, limit: 10 })).map((s) => s.id)).toEqual([newer.id]);
    expect((await listStories(db, { feedId: feed.id, q: 'russia', limit: 10 })).map((s) => s.id)).toEqual([newer.id]);

    await setStoryState(db, older.id, 'starred');
    const starred = await listStories(db, { feedId: feed.id, state: 'starred', limit: 10 });
    expect(starred.map((s) => [s.id, s.state])).toEqual([[older.id, 'starred']]);
  });

  it('enqueues a delivery once per key and lets one dispatcher claim it', async () => {
    const { db } = handle;
    const channel = await createChannel(db, { kind: 'webhook', name: 'hook', config: { url: 'http://127.0.0.1:9/x', format: 'json' }, secret: 'whsec_x' });
    const rule = await createRule(db, { channel_id: channel.id, watch_id: null, mode: 'instant', schedule: null, timezone: null, muted_until: null });
    const values = {
      rule_id: rule.id,
      channel_id: channel.id,
      cluster_id: null,
      window_start: null,
      window_end: null,
      payload: { hello: ['world'] },
      idempotency_key: 'rule-1-cluster-1',
      lease_owner: null,
      lease_until: null,
      last_error: null,
      last_status_code: null,
      sent_at: null,
    };
    const delivery = await enqueueDelivery(db, values);
    expect(delivery?.payload).toEqual({ hello: ['world'] });
    expect(await enqueueDelivery(db, values)).toBeNull();

    const [a, b] = await Promise.all([claimDueDeliveries(db, 'd1', 10, 30), claimDueDeliveries(db, 'd2', 10, 30)]);
    expect(a!.length + b!.length).toBe(1);
    const owner = a!.length ? 'd1' : 'd2';
    await finishDeliveryAttempt(
      db,
      delivery!.id,
      owner,
      { statusCode: 500, error: 'HTTP 500', durationMs: 12 },
      { status: 'failed', nextAttemptAt: new Date(Date.now() + 60_000) },
    );
    const attempts = await listDeliveryAttempts(db, [delivery!.id]);
    expect(attempts).toMatchObject([{ status_code: 500, error: 'HTTP 500', duration_ms: 12 }]);
    expect(await claimDueDeliveries(db, 'd3', 10, 30)).toEqual([]);
  });
});
