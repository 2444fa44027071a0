import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countMatchesByWatch,
  countMatchesByWatchAndDay,
  createFeed,
  createWatch,
  deleteFeed,
  deleteMatchesForWatch,
  deleteWatch,
  insertMatches,
  insertStory,
  listStoryPage,
  setStoryState,
  sql,
  updateStory,
  upsertMatches,
  type DatabaseHandle,
  type Kysely,
  type Database,
  type NewStory,
  type StoryFilter,
} from '@newswatch/db';
import { createTestDatabase, testBackends } from '../support/databases';

function story(feedId: number, key: string, publishedAt: string, title = `Story ${key}`): NewStory {
  return {
    feed_id: feedId,
    dedupe_key: key,
    guid: key,
    url: `https://example.com/${key}`,
    canonical_url: null,
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

const spans = [{ field: 'title', start: 0, end: 5 }];

/** The day counts the Watches page reads, as `watch:day → n`. */
async function dayCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await countMatchesByWatchAndDay(db, new Date('2000-01-01T00:00:00Z'));
  return Object.fromEntries(rows.map((r) => [`${r.watch_id}:${r.day}`, r.n]));
}

/** The same counts computed from every match and its story, as the page did before. */
async function countedFromStories(db: Kysely<Database>): Promise<Record<string, number>> {
  const { rows } = await sql<{ key: string; n: number }>`
    select m.watch_id || ':' || to_char(s.published_at at time zone 'UTC', 'YYYY-MM-DD') as key, count(*) as n
    from matches m join stories s on s.id = m.story_id group by 1`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.key, Number(r.n)]));
}

describe.each(testBackends())('watch volume and story lists on %s (issue 13)', (backend) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('keeps each watch’s matches per day right through inserts, new spans, re-matches, moved stories and deletions', async () => {
    const { db } = handle;
    const feed = (await createFeed(db, { url: 'https://volume.example/feed.xml', title: 'Volume' }))!;
    const a = await createWatch(db, { name: 'A', query: 'a' });
    const b = await createWatch(db, { name: 'B', query: 'b' });
    const late = (await insertStory(db, story(feed.id, 'v1', '2026-11-01T23:30:00Z')))!;
    const early = (await insertStory(db, story(feed.id, 'v2', '2026-11-02T00:30:00Z')))!;
    const noon = (await insertStory(db, story(feed.id, 'v3', '2026-11-02T12:00:00Z')))!;
    const check = async (expected: Record<string, number>) => {
      expect(await dayCounts(db)).toEqual(expected);
      expect(await countedFromStories(db)).toEqual(expected);
    };

    await insertMatches(db, [
      { story_id: late.id, watch_id: a.id, spans },
      { story_id: early.id, watch_id: a.id, spans },
      { story_id: noon.id, watch_id: a.id, spans },
      { story_id: noon.id, watch_id: b.id, spans },
    ]);
    const { rows } = await sql<{ published_at: Date }>`select published_at from matches where story_id = ${late.id}`.execute(db);
    expect(new Date(rows[0]!.published_at).toISOString()).toBe('2026-11-01T23:30:00.000Z');
    await check({ [`${a.id}:2026-11-01`]: 1, [`${a.id}:2026-11-02`]: 2, [`${b.id}:2026-11-02`]: 1 });

    // Storing a match twice, or new spans for a stored one, counts nothing new.
    await insertMatches(db, [{ story_id: late.id, watch_id: a.id, spans }]);
    await upsertMatches(db, [
      { story_id: late.id, watch_id: a.id, spans: [{ field: 'title', start: 1, end: 3 }] },
      { story_id: late.id, watch_id: b.id, spans },
    ]);
    await check({ [`${a.id}:2026-11-01`]: 1, [`${a.id}:2026-11-02`]: 2, [`${b.id}:2026-11-01`]: 1, [`${b.id}:2026-11-02`]: 1 });

    // A re-match drops a story; a story's date is corrected: its matches move to the new day.
    await deleteMatchesForWatch(db, a.id, [early.id]);
    await updateStory(db, noon.id, { published_at: new Date('2026-11-03T08:00:00Z') });
    await check({ [`${a.id}:2026-11-01`]: 1, [`${a.id}:2026-11-03`]: 1, [`${b.id}:2026-11-01`]: 1, [`${b.id}:2026-11-03`]: 1 });

    await deleteWatch(db, b.id);
    await check({ [`${a.id}:2026-11-01`]: 1, [`${a.id}:2026-11-03`]: 1 });
    await deleteFeed(db, feed.id);
    await check({});
  });

  it('counts a watch’s matches since a moment in the middle of a day exactly', async () => {
    const { db } = handle;
    const feed = (await createFeed(db, { url: 'https://since.example/feed.xml', title: 'Since' }))!;
    const watch = await createWatch(db, { name: 'since', query: 'x' });
    const times = ['2026-11-10T09:00:00Z', '2026-11-10T11:00:00Z', '2026-11-11T01:00:00Z', '2026-11-14T23:59:00Z'];
    for (const [i, at] of times.entries()) {
      const s = (await insertStory(db, story(feed.id, `s${i}`, at)))!;
      await insertMatches(db, [{ story_id: s.id, watch_id: watch.id, spans }]);
    }
    expect((await countMatchesByWatch(db, new Date('2026-11-10T10:00:00Z'))).get(watch.id)).toBe(3);
    expect((await countMatchesByWatch(db, new Date('2026-11-11T01:00:00Z'))).get(watch.id)).toBe(2);
    expect((await countMatchesByWatch(db, new Date('2026-11-15T00:00:00Z'))).has(watch.id)).toBe(false);
    await deleteFeed(db, feed.id);
  });

  it('pages every list by cursor without losing or repeating stories published at the same moment, whichever plan answers', async () => {
    const { db } = handle;
    const feed = (await createFeed(db, { url: 'https://pages.example/feed.xml', title: 'Pages' }))!;
    const watch = await createWatch(db, { name: 'paged', query: 'tanker' });
    const ids: number[] = [];
    for (let i = 0; i < 9; i++) {
      // Three stories per moment: the cursor must tell them apart by id.
      const at = `2026-11-20T0${Math.floor(i / 3)}:00:00Z`;
      const s = (await insertStory(db, story(feed.id, `p${i}`, at, i % 2 === 0 ? `Tanker seized ${i}` : `Weather ${i}`)))!;
      ids.push(s.id);
      if (i % 2 === 0) await insertMatches(db, [{ story_id: s.id, watch_id: watch.id, spans }]);
      if (i === 4) await setStoryState(db, s.id, 'starred');
    }
    const newestFirst = [...ids].reverse();
    const tankers = newestFirst.filter((id) => ids.indexOf(id) % 2 === 0);

    // As the API pages: two a page; a short page is the end unless the search stopped reading early.
    const walk = async (filter: Omit<StoryFilter, 'limit' | 'before'>) => {
      const seen: number[] = [];
      let before: StoryFilter['before'];
      for (let pages = 0; pages < 20; pages++) {
        const { stories, readUpTo } = await listStoryPage(db, { ...filter, feedId: feed.id, limit: 2, ...(before ? { before } : {}) });
        seen.push(...stories.map((s) => s.id));
        if (stories.length < 2 && !readUpTo) return seen;
        before = stories.length === 2 ? { publishedAt: stories.at(-1)!.published_at, id: stories.at(-1)!.id } : readUpTo;
      }
      throw new Error('more pages than stories');
    };
    expect(await walk({})).toEqual(newestFirst);
    expect(await walk({ matched: true })).toEqual(tankers);
    expect(await walk({ watchId: watch.id })).toEqual(tankers);
    expect(await walk({ watchId: watch.id, state: 'new' })).toEqual(tankers.filter((id) => id !== ids[4]));
    expect(await walk({ state: 'starred' })).toEqual([ids[4]]);
    // Search through the full-text index, by the date order (reading all, or 3 stories a page),
    // and by the index found to hold more than its bound (4 × 1 here), so by date after all.
    const plans = [{ searchCandidates: 1_000_000 }, { searchCandidates: 0 }, { searchCandidates: 0, searchRead: 3 }, { searchCandidates: 1 }];
    for (const plan of plans) {
      expect(await walk({ q: 'tanker', ...plan })).toEqual(tankers);
      expect(await walk({ q: '"tanker seized"', watchId: watch.id, ...plan })).toEqual(tankers);
      expect(await walk({ q: 'weather -tanker', ...plan })).toEqual(newestFirst.filter((id) => !tankers.includes(id)));
      expect(await walk({ q: 'tanker', matched: true, state: 'new', ...plan })).toEqual(tankers.filter((id) => id !== ids[4]));
    }
    // Reading 3 stories a page, a search ends a page early and says where it stopped.
    const short = await listStoryPage(db, { q: 'weather', feedId: feed.id, limit: 2, searchCandidates: 0, searchRead: 3 });
    expect(short.stories.map((s) => s.id)).toEqual([newestFirst[1]]);
    expect(short.readUpTo?.id).toBe(newestFirst[2]);
    await deleteFeed(db, feed.id);
  });

  it.runIf(backend === 'postgres')('adds up matches stored by concurrent transactions for the same watch and day', async () => {
    const { db } = handle;
    const feed = (await createFeed(db, { url: 'https://race.example/feed.xml', title: 'Race' }))!;
    const [x, y] = [await createWatch(db, { name: 'x', query: 'x' }), await createWatch(db, { name: 'y', query: 'y' })];
    const stories: { id: number }[] = [];
    for (let i = 0; i < 40; i++) stories.push((await insertStory(db, story(feed.id, `r${i}`, '2026-11-25T12:00:00Z')))!);
    // Eight writers at once, each storing five stories for both watches (in either order).
    await Promise.all(
      Array.from({ length: 8 }, (_, w) =>
        db.transaction().execute(async (trx) => {
          const mine = stories.slice(w * 5, w * 5 + 5);
          const order = w % 2 === 0 ? [x, y] : [y, x];
          await insertMatches(
            trx,
            mine.flatMap((s) => order.map((watch) => ({ story_id: s.id, watch_id: watch.id, spans }))),
          );
        }),
      ),
    );
    expect(await dayCounts(db)).toMatchObject({ [`${x.id}:2026-11-25`]: 40, [`${y.id}:2026-11-25`]: 40 });
    await deleteFeed(db, feed.id);
    expect(await dayCounts(db)).not.toHaveProperty(`${x.id}:2026-11-25`);
  });
});
