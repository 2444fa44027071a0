import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertComposer } from '@newswatch/alerts';
import { createFeed, findClusterById, sql, type DatabaseHandle, type Feed } from '@newswatch/db';
import { StoreBatch, storeItemsOfFeeds, WatchMatcher, type NormalizedItem } from '@newswatch/ingest';
import { createTestDatabase, testBackends } from '../support/databases';
import { normalizedItem } from '../support/normalized-item';

const LEDE =
  'Officials in the port city said on Monday that grain shipments would resume next week after a three-month halt, ' +
  'easing shortages that had pushed bread prices to a record and forced two mills to cut output.';

function item(key: string, url: string, title: string, summary = LEDE): NormalizedItem {
  return normalizedItem({ key, url, title, summary, contentHash: `${key}:${title}:${summary}` });
}

describe.each(testBackends())('feeds stored together on %s', (backend) => {
  let handle: DatabaseHandle;
  let feeds: Feed[];
  beforeAll(async () => {
    handle = await createTestDatabase(backend);
    feeds = [];
    for (const name of ['a', 'b', 'c', 'd', 'e'])
      feeds.push((await createFeed(handle.db, { url: `https://outlet-${name}.example/feed.xml`, title: `Outlet ${name}` }))!);
  });
  afterAll(async () => {
    await handle?.close();
  });

  const clusterOf = async (feed: Feed, guid: string) =>
    (await handle.db.selectFrom('stories').select('cluster_id').where('feed_id', '=', feed.id).where('guid', '=', guid).executeTakeFirstOrThrow()).cluster_id!;

  it('groups copies of one story across the feeds of one batch, as feeds stored one after another', async () => {
    const [a, b, c] = feeds as [Feed, Feed, Feed];
    const results = await storeItemsOfFeeds(
      handle.db,
      [
        {
          feed: a,
          items: [
            item('a1', 'https://outlet-a.example/grain', 'Grain shipments to resume next week - Outlet A'),
            item(
              'a2',
              'https://outlet-a.example/other',
              'Mill strike ends',
              'Workers at the northern mill voted to return after a week-long strike over pay and hours.',
            ),
          ],
        },
        // The same wire copy under its own URL and headline suffix: a near-duplicate of a1.
        {
          feed: b,
          items: [item('b1', 'https://outlet-b.example/2026/grain', 'Grain shipments to resume next week | Outlet B', LEDE.replace('on Monday', 'Monday'))],
        },
        // a1's own URL with tracking parameters: the same article by canonical URL, whatever its text.
        { feed: c, items: [item('c1', 'https://outlet-a.example/grain?utm_source=c', 'Shipments restart')] },
      ],
      new WatchMatcher(handle.db),
      createAlertComposer(null),
    );
    expect(results.map((r) => r.inserted)).toEqual([2, 1, 1]);

    const wire = await clusterOf(a, 'a1');
    expect(await clusterOf(b, 'b1')).toBe(wire);
    expect(await clusterOf(c, 'c1')).toBe(wire);
    expect(await clusterOf(a, 'a2')).not.toBe(wire);
    expect(await findClusterById(handle.db, wire)).toMatchObject({ size: 3, sources_count: 3 });
  });

  // Issue 10: a cluster is one event, so an outlet's own update (Yonhap's "(URGENT)" then its
  // "(LEAD)") joins it — counted as one source, so `minSources` is not fooled.
  it('puts one feed’s two items on one event in one cluster, counted as one source', async () => {
    const [, , , d] = feeds as [Feed, Feed, Feed, Feed];
    const summary = 'The council approved the new budget on Tuesday, raising spending on schools and roads by a tenth over last year.';
    await storeItemsOfFeeds(
      handle.db,
      [
        {
          feed: d,
          items: [
            item('d1', 'https://outlet-d.example/1', 'Council approves budget', summary),
            item('d2', 'https://outlet-d.example/2', 'Council approves budget', summary),
          ],
        },
      ],
      new WatchMatcher(handle.db),
      createAlertComposer(null),
    );
    const cluster = await clusterOf(d, 'd1');
    expect(await clusterOf(d, 'd2')).toBe(cluster);
    expect(await findClusterById(handle.db, cluster)).toMatchObject({ size: 2, sources_count: 1 });
  });

  it('stores the other feeds of a failing batch, and fails only the feed that cannot be stored', async () => {
    const [a, b, c, , e] = feeds as [Feed, Feed, Feed, Feed, Feed];
    const batch = new StoreBatch(handle.db, new WatchMatcher(handle.db), createAlertComposer(null), { parallel: 1 });
    // The first is written alone at once; the rest wait for it and are then written together.
    const first = batch.store({ feed: a, items: [item('a3', 'https://outlet-a.example/3', 'Ferry service restored')] });
    const good = batch.store({ feed: b, items: [item('b3', 'https://outlet-b.example/3', 'Harbour reopens')] });
    // PostgreSQL refuses a NUL character in text: this feed's statement fails.
    const bad = batch.store({ feed: c, items: [item('c3', 'https://outlet-c.example/3', 'Broken \u0000 title')] });
    const alsoGood = batch.store({ feed: e, items: [item('e3', 'https://outlet-e.example/3', 'Airport expands')] });
    expect((await first).inserted).toBe(1);
    expect((await good).inserted).toBe(1);
    await expect(bad).rejects.toThrow();
    expect((await alsoGood).inserted).toBe(1);
    const stored = await sql<{ guid: string }>`select guid from stories where guid in ('a3', 'b3', 'c3', 'e3') order by guid`.execute(handle.db);
    expect(stored.rows.map((r) => r.guid)).toEqual(['a3', 'b3', 'e3']);
  });
});
