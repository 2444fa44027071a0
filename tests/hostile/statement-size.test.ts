import {
  createClustersFor,
  createFeed,
  createFeeds,
  createWatch,
  deleteClusters,
  insertMatches,
  insertStories,
  listMatchesForStories,
  setClusterRepresentatives,
  type DatabaseHandle,
  type NewStory,
} from '@newswatch/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testBackends } from '../support/databases';

/*
 * The set-at-a-time writes of one ingest batch grow with the items of its feeds, and a feed
 * may hold tens of thousands of items within the 10 MB body cap. Each repository call here
 * gets more rows or ids than one statement can bind (65,535 parameters), as a huge feed gives
 * them, and must still do all of its work.
 */
describe.each(testBackends())('batch writes past the bind-parameter limit on %s', (backend) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('records 22,500 matches of 7,500 new stories and reads them back', async () => {
    const feed = (await createFeed(handle.db, { url: 'https://bulk.example/feed.xml', title: 'Bulk' }))!;
    const planned: NewStory[] = Array.from({ length: 7_500 }, (_, i) => ({
      feed_id: feed.id,
      dedupe_key: `guid:${i}`,
      guid: String(i),
      url: `https://bulk.example/${i}`,
      canonical_url: `https://bulk.example/${i}`,
      title: `Item ${i}`,
      summary_text: 'Harbour cranes idle after strike',
      content_html: '<p>Harbour cranes idle after strike</p>',
      content_text: 'Harbour cranes idle after strike',
      author: null,
      language: 'en',
      published_at: new Date(),
      content_hash: `h${i}`,
      cluster_id: null,
    }));
    const stories = await insertStories(handle.db, planned);
    expect(stories).toHaveLength(7_500);
    expect(await insertStories(handle.db, planned)).toEqual([]);

    const watches = await Promise.all(['harbour', 'cranes', 'strike'].map((query) => createWatch(handle.db, { name: query, query })));
    const rows = stories.flatMap((story) =>
      watches.map((watch) => ({ story_id: story.id, watch_id: watch.id, spans: [{ field: 'summary', start: 0, end: 7 }] })),
    );
    expect(await insertMatches(handle.db, rows)).toHaveLength(22_500);
    expect(
      await listMatchesForStories(
        handle.db,
        stories.map((s) => s.id),
      ),
    ).toHaveLength(22_500);
  });

  it('creates, leads and removes 66,000 clusters', async () => {
    const leads = Array.from({ length: 66_000 }, (_, i) => 1_000_000 + i);
    const clusters = await createClustersFor(handle.db, leads);
    expect(clusters.map((c) => c.representative_story_id)).toEqual(leads);
    const ids = clusters.map((c) => c.id);

    await setClusterRepresentatives(
      handle.db,
      ids.map((id, i) => [id, 2_000_000 + i] as const),
    );
    const led = await handle.db.selectFrom('clusters').select('id').where('representative_story_id', '>=', 2_000_000).execute();
    expect(led).toHaveLength(66_000);

    await deleteClusters(handle.db, ids);
    const left = await handle.db
      .selectFrom('clusters')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  });

  it('subscribes to 25,000 feeds in one call', async () => {
    const feeds = Array.from({ length: 25_000 }, (_, i) => ({
      url: `https://site-${i}.example/feed.xml`,
      title: `Site ${i}`,
      site_url: `https://site-${i}.example/`,
    }));
    expect(await createFeeds(handle.db, feeds)).toHaveLength(25_000);
  });
});
