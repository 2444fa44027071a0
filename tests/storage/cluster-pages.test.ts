import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClustersFor,
  createFeed,
  createWatch,
  describeClusters,
  insertMatches,
  insertStory,
  listStoryPage,
  recountClusters,
  setClusterState,
  sql,
  type DatabaseHandle,
  type StoryFilter,
} from '@newswatch/db';
import { createTestDatabase, testBackends } from '../support/databases';

/**
 * The dashboard's list reads one row per cluster (`perCluster`): its newest story passing the
 * filter. Keyset pages must show each event once, on one page, in the order of those stories.
 */
describe.each(testBackends())('one row per cluster, paged, on %s', (backend) => {
  let handle: DatabaseHandle;
  /** Story ids by name; event → its cluster id. */
  const ids = new Map<string, number>();
  const clusters = new Map<string, number>();

  beforeAll(async () => {
    handle = await createTestDatabase(backend);
    const { db } = handle;
    const feedA = (await createFeed(db, { url: 'https://a.example/feed.xml', title: 'Outlet A' }))!;
    const feedB = (await createFeed(db, { url: 'https://b.example/feed.xml', title: 'Outlet B' }))!;
    const watch = await createWatch(db, { name: 'w', query: 'w' });
    // Five events; minutes after 10:00 of each story, its outlet, and whether it matched.
    const events: Record<string, [name: string, minute: number, feed: number, matched: boolean][]> = {
      e1: [
        ['e1a', 1, feedA.id, true],
        ['e1b', 9, feedB.id, false],
        ['e1c', 4, feedA.id, true],
      ],
      e2: [['e2a', 2, feedA.id, true]],
      e3: [
        ['e3a', 3, feedB.id, true],
        ['e3b', 7, feedA.id, true],
      ],
      e4: [
        ['e4a', 5, feedA.id, false],
        ['e4b', 6, feedB.id, true],
      ],
      e5: [['e5a', 8, feedB.id, false]],
    };
    for (const [event, stories] of Object.entries(events)) {
      for (const [name, minute, feedId, matched] of stories) {
        const stored = (await insertStory(db, {
          feed_id: feedId,
          dedupe_key: name,
          guid: name,
          url: `https://news.example/${name}`,
          canonical_url: null,
          title: `Story ${name}`,
          summary_text: '',
          content_html: '',
          content_text: '',
          author: null,
          language: 'en',
          published_at: new Date(`2026-12-01T10:0${minute}:00Z`),
          content_hash: name,
          cluster_id: clusters.get(event) ?? null,
        }))!;
        ids.set(name, stored.id);
        if (!clusters.has(event)) {
          const [cluster] = await createClustersFor(db, [stored.id]);
          clusters.set(event, cluster!.id);
          await sql`update stories set cluster_id = ${cluster!.id} where id = ${stored.id}`.execute(db);
        }
        if (matched) await insertMatches(db, [{ story_id: stored.id, watch_id: watch.id, spans: [] }]);
      }
    }
    await recountClusters(db, [...clusters.values()]);
  });
  afterAll(async () => {
    await handle?.close();
  });

  /** Every page of `filter`, `size` rows a page, following the keyset cursor: story names per page. */
  async function pages(filter: Omit<StoryFilter, 'limit'>, size: number): Promise<string[][]> {
    const byId = new Map([...ids].map(([name, id]) => [id, name]));
    const result: string[][] = [];
    let before: StoryFilter['before'];
    for (;;) {
      const { stories } = await listStoryPage(handle.db, { ...filter, limit: size + 1, ...(before ? { before } : {}) });
      const page = stories.slice(0, size);
      result.push(page.map((s) => byId.get(s.id)!));
      if (stories.length <= size) return result;
      before = { publishedAt: page.at(-1)!.published_at, id: page.at(-1)!.id };
    }
  }

  it('lists each event once, at its newest story, across pages', async () => {
    expect(await pages({ perCluster: true }, 2)).toEqual([['e1b', 'e5a'], ['e3b', 'e4b'], ['e2a']]);
    // Without it, one row per story, as the JSON API lists them.
    expect((await pages({}, 20)).flat()).toHaveLength(9);
  });

  it('places an event by its newest story passing the filter, and leaves out events with none', async () => {
    // Matched only: e1's newest copy (e1b, 10:09) matched nothing; its matched e1c (10:04) places it.
    expect(await pages({ perCluster: true, matched: true }, 2)).toEqual([
      ['e3b', 'e4b'],
      ['e1c', 'e2a'],
    ]);
    expect(await pages({ perCluster: true, matched: false }, 10)).toEqual([['e1b', 'e5a', 'e4a']]);
  });

  it('counts outlets as feeds and triages every copy of an event', async () => {
    const summaries = await describeClusters(handle.db, [clusters.get('e1')!, clusters.get('e2')!]);
    expect(summaries.get(clusters.get('e1')!)).toMatchObject({ size: 3, outlets: 2, first_story_id: ids.get('e1a') });
    expect(summaries.get(clusters.get('e1')!)!.sources.map((s) => s.feed_title)).toEqual(['Outlet A', 'Outlet B']);
    expect(summaries.get(clusters.get('e2')!)).toMatchObject({ size: 1, outlets: 1 });
    await setClusterState(handle.db, clusters.get('e3')!, 'starred');
    expect(await pages({ perCluster: true, state: 'starred' }, 10)).toEqual([['e3b']]);
    expect((await pages({ state: 'starred' }, 10)).flat().sort()).toEqual(['e3a', 'e3b']);
  });
});
