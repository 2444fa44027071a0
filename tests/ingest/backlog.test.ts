import { beforeEach, describe, expect, it } from 'vitest';
import { createAlertComposer } from '@newswatch/alerts';
import { addBacklogItems, createFeed, createWatch, deleteFeed, findFeedById, openDatabase, sql, updateFeed, type Feed } from '@newswatch/db';
import { IngestWorker, placeBacklog, storeItemsOfFeeds, WatchMatcher, type IngestContext } from '@newswatch/ingest';
import { databaseAndFeedServer } from '../support/database-and-feed-server';
import { testBackends } from '../support/databases';
import { rssFeed } from '../support/feed-server';
import { testIngestContext } from '../support/ingest-context';
import { createInstantWebhookRule } from '../support/instant-rule';
import { normalizedItem } from '../support/normalized-item';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
/** An outlet's copy of one event as its feed lists it (`guid`, published `hours` ago). */
const copiesOf = (title: string, link: string, description: string) => (guid: string, hours: number) => ({
  title,
  link,
  guid,
  description,
  pubDate: hoursAgo(hours),
});
/** `count` made-up words no other story has: terms whose counts must all be read. */
const uniqueWords = (story: number, count: number) => Array.from({ length: count }, (_, w) => `zq${story.toString(36)}x${w.toString(36)}`).join(' ');

/*
 * A feed's first poll brings its backlog: days of items at once. A poll cycle keeps first
 * polls' items aside and places them together, oldest first, when it ends (place-backlog.ts),
 * so the feed order of a first cycle cannot decide which event a story joins.
 */
describe.each(testBackends())('a first poll kept as a backlog, on %s', (backend) => {
  const handle = databaseAndFeedServer(backend);
  const { server } = handle;
  let ctx: IngestContext;

  beforeEach(async () => {
    // As a user deletes feeds: their clusters' profiles retired too, so no later test's story
    // joins a cluster whose stories are gone (this process keeps a copy of the recent ones).
    for (const { id } of await handle.db.selectFrom('feeds').select('id').execute()) await deleteFeed(handle.db, id);
    await handle.db.deleteFrom('rules').execute();
    await handle.db.deleteFrom('watches').execute();
    ctx = testIngestContext(handle.db);
  });

  /** An instant rule on a watch of `query`; returns a reader of its alerts' clusters. */
  async function instantRuleOn(query: string) {
    const watch = await createWatch(handle.db, { name: query, query });
    const rule = await createInstantWebhookRule(handle.db, watch.id, `${query} hook`);
    return async () => (await handle.db.selectFrom('deliveries').select('cluster_id').where('rule_id', '=', rule.id).execute()).map((d) => d.cluster_id);
  }
  /** The stories leading clusters of more than one, with their clusters' counts. */
  const leadsOfEvents = () =>
    handle.db
      .selectFrom('clusters')
      .innerJoin('stories', 'stories.id', 'clusters.representative_story_id')
      .select(['stories.guid', 'clusters.size', 'clusters.sources_count'])
      .where('clusters.size', '>', 1)
      .execute();
  /** `count` stories of their own, `words` made-up words each, 20 hours old and newer. */
  const fillerStories = (count: number, words = 20) =>
    Array.from({ length: count }, (_, i) =>
      normalizedItem({
        key: `f-${i}`,
        url: `https://filler.test/${i}`,
        title: `Filler story ${i}`,
        summary: uniqueWords(i, words),
        publishedAt: hoursAgo(20 - i / 100),
      }),
    );
  /** Feeds that are never fetched (port 9 has nothing listening), named as given. */
  const feedsNamed = async (...names: string[]) => {
    const feeds: Feed[] = [];
    for (const name of names) feeds.push((await createFeed(handle.db, { url: `http://127.0.0.1:9/${name}.xml`, title: name }))!);
    return feeds;
  };
  const storiesOf = () => handle.db.selectFrom('stories').select(['guid', 'cluster_id']).orderBy('guid').execute();
  const waiting = async () =>
    Number(
      (
        await handle.db
          .selectFrom('backlog_items')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('places the first cycle’s stories when it ends: one cluster and one alert for an event two new feeds carry', async () => {
    const alertedClusters = await instantRuleOn('Quellium');
    const event = {
      title: 'Quellium export ban announced by the mining ministry',
      link: 'https://wire.test/quellium-ban',
      description: 'The ministry banned quellium exports from Monday.',
    };
    for (const name of ['a', 'b']) {
      const url = server.set(`/backlog-${name}.xml`, { body: rssFeed(`Outlet ${name}`, [{ ...event, guid: `${name}-1`, pubDate: hoursAgo(3) }]) });
      await createFeed(handle.db, { url, title: null });
    }
    const summary = await new IngestWorker(ctx, { concurrency: 4 }).runOnce();
    expect(summary).toMatchObject({ polled: 2, failed: 0, inserted: 2, matched: 2, deliveriesEnqueued: 1 });
    const stories = await storiesOf();
    expect(stories).toHaveLength(2);
    expect(stories[0]!.cluster_id).not.toBeNull();
    expect(stories[1]!.cluster_id).toBe(stories[0]!.cluster_id);
    expect(await alertedClusters()).toEqual([stories[0]!.cluster_id]);
    expect(await waiting()).toBe(0);
  });

  it('waits for a first poll still being fetched: two feeds of one site, a second apart, are placed together', async () => {
    const copy = copiesOf(
      'Veltrane pipeline accord reached',
      'https://wire.test/veltrane-pipeline',
      'Negotiators reached the veltrane pipeline accord overnight.',
    );
    // The later copy's feed is read first; the site's politeness starts the other a second
    // later, and it answers slowly: the first one's quiet second ends while it is fetched.
    const lateUrl = server.set('/site-late.xml', { body: rssFeed('Site, late desk', [copy('site-late', 1)]) });
    const earlyUrl = server.set('/site-early.xml', { body: rssFeed('Site, early desk', [copy('site-early', 8)]), delayMs: 300 });
    await createFeed(handle.db, { url: lateUrl, title: null, next_poll_at: new Date(Date.now() - 60_000) });
    await createFeed(handle.db, { url: earlyUrl, title: null });
    await new IngestWorker(ctx, { concurrency: 4 }).runOnce();
    expect(await leadsOfEvents()).toEqual([{ guid: 'site-early', size: 2, sources_count: 2 }]);
  });

  it('waits for first polls not fetched yet, while a slow one holds the only lane', async () => {
    const copy = copiesOf(
      'Orlenite smelter closure confirmed',
      'https://wire.test/orlenite-smelter',
      'The orlenite smelter will close in March, its owner confirmed.',
    );
    const other = (guid: string, n: number) => ({ title: uniqueWords(n, 5), link: `https://other.test/${guid}`, guid, description: uniqueWords(n, 20) });
    // One lane: the later copy's feed is read, then a feed answering in 3 s holds the lane past
    // the 2 s a fetch is waited for, while the feeds behind it — the earlier copy's last — wait.
    const feeds = [
      { path: '/lane-late.xml', items: [copy('lane-late', 1)], delayMs: 0 },
      { path: '/lane-slow.xml', items: [other('slow', 1)], delayMs: 3_000 },
      { path: '/lane-other.xml', items: [other('other', 2)], delayMs: 0 },
      { path: '/lane-early.xml', items: [copy('lane-early', 8)], delayMs: 0 },
    ];
    for (const [n, feed] of feeds.entries()) {
      const url = server.set(feed.path, { body: rssFeed(feed.path, feed.items), delayMs: feed.delayMs });
      await createFeed(handle.db, { url, title: null, next_poll_at: new Date(Date.now() - (10 - n) * 60_000) });
    }
    await new IngestWorker(ctx, { concurrency: 1 }).runOnce();
    expect(await leadsOfEvents()).toEqual([{ guid: 'lane-early', size: 2, sources_count: 2 }]);
  });

  it('leads each event with its earliest story, whichever feed was read first', async () => {
    const [early, late] = (await feedsNamed('early', 'late')) as [Feed, Feed];
    const story = (key: string, hours: number) =>
      normalizedItem({
        key,
        url: 'https://wire.test/tessaline-deal',
        title: 'Tessaline supply deal signed',
        summary: 'A three-year tessaline deal.',
        publishedAt: hoursAgo(hours),
      });
    // The feed with the later copy answers first.
    await storeFirstPoll(late, [story('late-1', 1)]);
    await storeFirstPoll(early, [story('early-1', 9)]);
    expect(await storiesOf()).toEqual([]);
    await placeBacklog(ctx);
    expect(await leadsOfEvents()).toEqual([{ guid: 'early-1', size: 2, sources_count: 2 }]);
  });

  it('loses nothing when the process stops before placing: the next cycle places and alerts once', async () => {
    const alertedClusters = await instantRuleOn('Morvanite');
    const [feed] = (await feedsNamed('stopped')) as [Feed];
    // Stored as the cycle stores a first poll; then the process stops, before the cycle's end.
    await storeFirstPoll(feed, [
      normalizedItem({
        key: 'm-1',
        url: 'https://wire.test/morvanite',
        title: 'Morvanite mine reopens',
        summary: 'The morvanite mine reopened.',
        publishedAt: hoursAgo(5),
      }),
      normalizedItem({
        key: 'm-2',
        url: 'https://wire.test/other',
        title: 'Harbour fees rise',
        summary: 'Harbour fees rise in May.',
        publishedAt: hoursAgo(4),
      }),
    ]);
    expect(await waiting()).toBe(2);
    // The next process's first cycle has nothing due, and places what waited.
    await updateFeed(handle.db, feed.id, { next_poll_at: new Date(Date.now() + 3_600_000) });
    const summary = await new IngestWorker(testIngestContext(handle.db), { concurrency: 4 }).runOnce();
    expect(summary).toMatchObject({ polled: 0, matched: 1, deliveriesEnqueued: 1 });
    expect((await storiesOf()).map((s) => s.guid)).toEqual(['m-1', 'm-2']);
    expect(await alertedClusters()).toHaveLength(1);
    expect(await waiting()).toBe(0);
    // A later cycle has nothing left to place and sends nothing more.
    expect(await new IngestWorker(testIngestContext(handle.db), { concurrency: 4 }).runOnce()).toMatchObject({ deliveriesEnqueued: 0 });
    expect(await alertedClusters()).toHaveLength(1);
  });

  it('costs only its own feed when an item cannot be stored: the others are placed, and that feed reads its items again', async () => {
    const [good, bad] = (await feedsNamed('good', 'bad')) as [Feed, Feed];
    await storeFirstPoll(good, [
      normalizedItem({ key: 'g-1', url: 'https://good.test/1', title: 'Good story one', summary: 'One.', publishedAt: hoursAgo(3) }),
      normalizedItem({ key: 'g-2', url: 'https://good.test/2', title: 'Good story two', summary: 'Two.', publishedAt: hoursAgo(1) }),
    ]);
    await storeFirstPoll(bad, [
      normalizedItem({ key: 'b-1', url: 'https://bad.test/1', title: 'Bad feed story', summary: 'Fine itself.', publishedAt: hoursAgo(2) }),
    ]);
    // A kept item the pipeline cannot store (no title, no text), among the others by date.
    await addBacklogItems(handle.db, [{ feed_id: bad.id, dedupe_key: 'guid:b-2', published_at: hoursAgo(2), item: { dedupeKey: 'guid:b-2' } }]);
    await updateFeed(handle.db, bad.id, { etag: '"v1"', last_modified: 'Mon, 07 Dec 2026 01:00:00 GMT' });

    const placed = await placeBacklog(ctx);
    expect(placed.inserted).toBe(2);
    expect((await storiesOf()).map((s) => s.guid)).toEqual(['g-1', 'g-2']);
    expect(await waiting()).toBe(0);
    // Its next poll is a 200 whose items are stored as a poll's, a failure recorded on its row.
    expect(await findFeedById(handle.db, bad.id)).toMatchObject({ etag: null, last_modified: null });
  });

  it('drops the backlog of a feed deleted before its placement', async () => {
    const [kept, deleted] = (await feedsNamed('kept', 'deleted')) as [Feed, Feed];
    await storeFirstPoll(kept, [normalizedItem({ key: 'k-1', url: 'https://kept.test/1', title: 'Kept story', summary: 'Kept.' })]);
    await storeFirstPoll(deleted, [normalizedItem({ key: 'd-1', url: 'https://deleted.test/1', title: 'Deleted story', summary: 'Gone.' })]);
    await deleteFeed(handle.db, deleted.id);
    await placeBacklog(ctx);
    expect((await storiesOf()).map((s) => s.guid)).toEqual(['k-1']);
    expect(await waiting()).toBe(0);
  });

  it.runIf(backend === 'postgres')('places each item once, and all of them, when two processes place at the same moment', async () => {
    const feeds = await feedsNamed('many-0', 'many-1', 'many-2', 'many-3', 'many-4');
    for (const [f, feed] of feeds.entries()) {
      const items = Array.from({ length: 500 }, (_, i) =>
        normalizedItem({
          key: `${f}-${i}`,
          url: `https://outlet-${f}.test/${i}`,
          title: `Story ${i} of outlet ${f}`,
          summary: `Words ${f} ${i}.`,
          publishedAt: hoursAgo(i / 100),
        }),
      );
      await storeFirstPoll(feed, items);
    }
    // Another process: its own connections, its own copy of the recent clusters.
    const otherProcess = await openDatabase({ databaseUrl: handle.url!, poolSize: 2 });
    try {
      const [one, two] = await Promise.all([placeBacklog(ctx), placeBacklog(testIngestContext(otherProcess.db, { owner: 'other-worker' }))]);
      expect(one.inserted + two.inserted).toBe(2500);
    } finally {
      await otherProcess.close();
    }
    expect(await storiesOf()).toHaveLength(2500);
    expect(await waiting()).toBe(0);
  });

  it('places a backlog of more than one transaction in publication order', async () => {
    const [filler, early, late] = (await feedsNamed('filler', 'early-copy', 'late-copy')) as [Feed, Feed, Feed];
    const copy = (key: string, hours: number) =>
      normalizedItem({
        key,
        url: 'https://wire.test/saltmarsh-accord',
        title: 'Saltmarsh accord signed',
        summary: 'The saltmarsh accord was signed.',
        publishedAt: hoursAgo(hours),
      });
    // PGlite runs one transaction at a time: there the two placers take turns whole, and
    // must not wait on each other for good.
    // The first transaction's thousand items (the early copy the oldest; 80,000 terms to look up)
    // take longer to weigh than the second's one: the second must still wait its turn for the
    // locks. Without the turns the late copy leads.
    await storeFirstPoll(early, [copy('early-copy', 30)]);
    await storeFirstPoll(filler, fillerStories(999, 80));
    await storeFirstPoll(late, [copy('late-copy', 1)]);
    await placeBacklog(ctx);
    expect(await leadsOfEvents()).toEqual([{ guid: 'early-copy', size: 2, sources_count: 2 }]);
  });

  /*
   * On PostgreSQL a backlog's transactions take turns (placement-turns.ts): the next one decides
   * while the one before still writes its stories, and the cluster locks are held for both by a
   * connection of the chain's own. These hold the first transaction's insert (on its feed's row)
   * to look inside that window.
   */
  const wireCopy = (key: string, hours: number) =>
    normalizedItem({
      key,
      url: 'https://wire.test/tidewater-accord',
      title: 'Tidewater accord signed',
      summary: 'The tidewater accord was signed at the harbour office.',
      publishedAt: hoursAgo(hours),
    });
  /** Another outlet's link to the wire copy under a headline of its own: only the URL says it is the same article. */
  const linkToWireCopy = (key: string, hours: number) =>
    normalizedItem({
      key,
      url: 'https://wire.test/tidewater-accord',
      title: 'Quarterly ledger of Zumbrota flour mills',
      summary: '',
      publishedAt: hoursAgo(hours),
    });

  it.runIf(backend === 'postgres')('finds a story of the transaction before, still being written, by its URL: one cluster', async () => {
    const [wire, filler, linker] = (await feedsNamed('wire', 'filler', 'linker')) as [Feed, Feed, Feed];
    await storeFirstPoll(wire, [wireCopy('wire-copy', 30)]);
    await storeFirstPoll(filler, fillerStories(999));
    await storeFirstPoll(linker, [linkToWireCopy('link', 1)]);
    await holdingRowOf(wire, async () => {
      const placing = placeBacklog(ctx);
      // The first transaction waits to insert; the second has looked up its URL and weighed its story.
      await untilSessions((s) => s.waitingForLock >= 1 && s.decided >= 1, 'the second transaction to decide');
      return [placing];
    });
    expect(await clustersOfGuids('wire-copy', 'link')).toEqual({ distinct: 1, stories: 2 });
  });

  it.runIf(backend === 'postgres')('holds its cluster locks against another process until it has committed: a copy stored meanwhile joins', async () => {
    const alertedClusters = await instantRuleOn('tidewater');
    const [wire, outlet] = (await feedsNamed('wire', 'outlet')) as [Feed, Feed];
    await storeFirstPoll(wire, [wireCopy('wire-copy', 3)]);
    const otherProcess = await openDatabase({ databaseUrl: handle.url!, poolSize: 2 });
    try {
      await holdingRowOf(wire, async () => {
        const placing = placeBacklog(ctx);
        await untilSessions((s) => s.waitingForLock >= 1, 'the placement to wait for its insert');
        const otherCopy = { ...wireCopy('outlet-copy', 1), title: 'Tidewater accord is signed' };
        const storing = storeItemsOfFeeds(
          otherProcess.db,
          [{ feed: outlet, items: [otherCopy] }],
          new WatchMatcher(otherProcess.db),
          createAlertComposer(null),
        );
        await untilSessions((s) => s.waitingForLock >= 2, "the other process's writer to wait for the placement's locks");
        return [placing, storing];
      });
    } finally {
      await otherProcess.close();
    }
    expect(await clustersOfGuids('wire-copy', 'outlet-copy')).toEqual({ distinct: 1, stories: 2 });
    expect(await alertedClusters()).toHaveLength(1);
  });

  it('costs only its own feed when an item of the first of several transactions cannot be stored', async () => {
    const [filler, bad, late] = (await feedsNamed('filler', 'bad', 'late')) as [Feed, Feed, Feed];
    await storeFirstPoll(filler, fillerStories(999));
    await addBacklogItems(handle.db, [{ feed_id: bad.id, dedupe_key: 'guid:b-1', published_at: hoursAgo(30), item: { dedupeKey: 'guid:b-1' } }]);
    await updateFeed(handle.db, bad.id, { etag: '"v1"' });
    // The second transaction's items: placed while (or after) the first fails.
    await storeFirstPoll(late, [wireCopy('late-1', 2), linkToWireCopy('late-2', 1)]);

    const placed = await placeBacklog(ctx);
    expect(placed.inserted).toBe(1001);
    expect(await storiesOf()).toHaveLength(1001);
    expect(await waiting()).toBe(0);
    expect(await findFeedById(handle.db, bad.id)).toMatchObject({ etag: null });
  });

  it.runIf(backend === 'postgres')('keeps a cluster’s profile true to its stories when a later transaction placed on one that then failed', async () => {
    const [wire, outlet, filler, late] = (await feedsNamed('wire', 'outlet', 'filler', 'late')) as [Feed, Feed, Feed, Feed];
    await storeItemsOfFeeds(handle.db, [{ feed: wire, items: [wireCopy('wire-copy', 40)] }], new WatchMatcher(handle.db), createAlertComposer(null));
    // The first transaction: the outlet's link to the stored wire copy, then 999 stories of their own.
    await storeFirstPoll(outlet, [linkToWireCopy('outlet-link', 30)]);
    await storeFirstPoll(filler, fillerStories(999));
    // The second: another link, which joins the wire copy's cluster on the first's profile of it.
    await storeFirstPoll(late, [linkToWireCopy('late-link', 1)]);
    // The outlet's story fails after the first transaction decided: an after-row trigger named to
    // fire after the foreign-key check, which waits while the test holds the outlet's row.
    await sql`create function refuse_outlet_story() returns trigger language plpgsql as $$
      begin if new.feed_id = ${sql.lit(outlet.id)} then raise exception 'the outlet story cannot be stored'; end if; return null; end $$`.execute(handle.db);
    await sql`create trigger zz_refuse_outlet_story after insert on stories for each row execute function refuse_outlet_story()`.execute(handle.db);
    try {
      await holdingRowOf(outlet, async () => {
        const placing = placeBacklog(ctx);
        await untilSessions((s) => s.waitingForLock >= 1 && s.decided >= 1, 'the second transaction to decide on the first one’s profile');
        return [placing];
      });
    } finally {
      await sql`drop trigger zz_refuse_outlet_story on stories`.execute(handle.db);
      await sql`drop function refuse_outlet_story()`.execute(handle.db);
    }
    expect(await clustersOfGuids('wire-copy', 'late-link', 'outlet-link')).toEqual({ distinct: 1, stories: 2 });
    // The wire copy's profile counts the two stories stored, not the outlet's, rolled back.
    const { cluster_id } = await handle.db.selectFrom('stories').select('cluster_id').where('guid', '=', 'wire-copy').executeTakeFirstOrThrow();
    expect(await handle.db.selectFrom('cluster_profiles').select('size').where('cluster_id', '=', cluster_id!).executeTakeFirstOrThrow()).toEqual({ size: 2 });
    expect(await findFeedById(handle.db, outlet.id)).toMatchObject({ etag: null });
  });

  /** How many clusters the stories of these guids are in. */
  async function clustersOfGuids(...guids: string[]) {
    const rows = await handle.db.selectFrom('stories').select('cluster_id').where('guid', 'in', guids).execute();
    return { distinct: new Set(rows.map((r) => r.cluster_id)).size, stories: rows.length };
  }

  /**
   * Holds `feed`'s row in another transaction (a story of that feed waits to be inserted: its
   * foreign key) while `inWindow` runs, then lets go and waits for what it started.
   */
  async function holdingRowOf(feed: Feed, inWindow: () => Promise<Promise<unknown>[]>) {
    let started: Promise<unknown>[] = [];
    await handle.db.transaction().execute(async (holder) => {
      await sql`select id from feeds where id = ${feed.id} for update`.execute(holder);
      started = await inWindow();
    });
    await Promise.all(started);
  }

  /**
   * Waits until the test database's other sessions are as `ready` wants them: how many wait for a
   * lock, and how many are in a transaction after a placement's last lookups (the recent
   * clusters' catch-up, or creating clusters) — a placement that has decided. Fails after 20 s.
   */
  async function untilSessions(ready: (s: { waitingForLock: number; decided: number }) => boolean, what: string) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { rows } = await sql<{ waiting_for_lock: number; decided: number }>`
        select count(*) filter (where wait_event_type = 'Lock')::integer as waiting_for_lock,
          count(*) filter (where state = 'idle in transaction' and (query like '%written_xid%' or query like '%insert into clusters%'))::integer as decided
        from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(handle.db);
      if (ready({ waitingForLock: rows[0]!.waiting_for_lock, decided: rows[0]!.decided })) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stores a feed's first poll as a poll cycle's store does: kept for placement. */
  async function storeFirstPoll(feed: Feed, items: ReturnType<typeof normalizedItem>[]) {
    await storeItemsOfFeeds(handle.db, [{ feed, items, backlog: true }], new WatchMatcher(handle.db), createAlertComposer(null));
  }
});
