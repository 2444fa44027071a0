import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertComposer } from '@newswatch/alerts';
import { createChannel, createFeed, createRule, createWatch, sql, type DatabaseHandle, type Feed } from '@newswatch/db';
import { storeItemsOfFeeds, WatchMatcher } from '@newswatch/ingest';
import { createTestDatabase, testBackends } from '../support/databases';
import { normalizedItem } from '../support/normalized-item';
import { RACE_WATCH_QUERY, raceCopy } from './race-copies';

/** Headlines of their own for the linking outlet's two items: no rare term in common with each other or the event they link. */
const LINK_HEADLINES = ['Quarterly ledger of Zumbrota flour mills', 'Botanical garden in Wescombe opens glasshouse'];

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
/** Several events, each raced once: on code without the placement lock a few overlaps are enough to split one. */
const ROUNDS = 6;

/*
 * Issue 10, "never twice, never lost": copies of one new event stored at the same moment by
 * two writers end in one cluster with one alert. PostgreSQL only — PGlite has one connection,
 * its transactions never overlap.
 */
describe.runIf(testBackends().includes('postgres'))('copies of one event stored at the same moment (postgres)', () => {
  let handle: DatabaseHandle & { url: string | null };
  let a: Feed;
  let b: Feed;
  let ruleId: number;

  beforeAll(async () => {
    handle = await createTestDatabase('postgres');
    a = (await createFeed(handle.db, { url: 'https://outlet-a.test/feed.xml', title: 'Outlet A' }))!;
    b = (await createFeed(handle.db, { url: 'https://outlet-b.test/feed.xml', title: 'Outlet B' }))!;
    const watch = await createWatch(handle.db, { name: 'Port strikes', query: RACE_WATCH_QUERY });
    const channel = await createChannel(handle.db, { kind: 'webhook', name: 'desk', config: { url: 'https://hooks.test/desk', format: 'json' }, secret: null });
    ruleId = (await createRule(handle.db, { channel_id: channel.id, watch_id: watch.id, mode: 'instant', schedule: null, timezone: null, muted_until: null }))
      .id;
  });
  afterAll(async () => {
    await handle?.close();
  });

  /** Resolves once `count` sessions of the test database wait for a lock. */
  async function untilWaiting(count: number) {
    for (;;) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::integer as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(handle.db);
      if (rows[0]!.n >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Per round: the clusters of the two copies, and the alerts enqueued for the rule. */
  async function outcome(round: number, feedA: Feed, feedB: Feed) {
    const clusterOf = async (feed: Feed, outlet: 'a' | 'b') =>
      (
        await handle.db
          .selectFrom('stories')
          .select('cluster_id')
          .where('feed_id', '=', feed.id)
          .where('guid', '=', `${outlet}-${round}`)
          .executeTakeFirstOrThrow()
      ).cluster_id!;
    const clusters = [await clusterOf(feedA, 'a'), await clusterOf(feedB, 'b')];
    const alerts = await handle.db.selectFrom('deliveries').select('cluster_id').where('rule_id', '=', ruleId).where('cluster_id', '=', clusters[0]!).execute();
    return { clusters, alerts: alerts.length };
  }

  it('two store writers of one process: one cluster, one alert per event', async () => {
    const matcher = new WatchMatcher(handle.db);
    const composer = createAlertComposer(null);
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all([
        storeItemsOfFeeds(handle.db, [{ feed: a, items: [raceCopy(round, 'a')] }], matcher, composer),
        storeItemsOfFeeds(handle.db, [{ feed: b, items: [raceCopy(round, 'b')] }], matcher, composer),
      ]);
    }
    for (let round = 0; round < ROUNDS; round++) {
      const { clusters, alerts } = await outcome(round, a, b);
      expect(clusters[1], `round ${round}`).toBe(clusters[0]);
      expect(alerts, `round ${round}`).toBe(1);
    }
    const total = await handle.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('rule_id', '=', ruleId)
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(ROUNDS);
  });

  it('two writers storing one feed into one cluster at once count that outlet once', async () => {
    const wire = (await createFeed(handle.db, { url: 'https://outlet-wire.test/feed.xml', title: 'Wire' }))!;
    const linker = (await createFeed(handle.db, { url: 'https://outlet-links.test/feed.xml', title: null }))!;
    const matcher = new WatchMatcher(handle.db);
    const composer = createAlertComposer(null);
    // The event as two wire copies at two addresses: one cluster of one outlet.
    const copies = ['first', 'second'].map((at) =>
      normalizedItem({
        key: `wire-${at}`,
        url: `https://outlet-wire.test/${at}/glacier-lake`,
        title: 'Glacier lake floods Quenmar valley villages',
        summary: 'A glacial lake above Quenmar burst its moraine overnight, flooding four villages and cutting the valley road.',
      }),
    );
    await storeItemsOfFeeds(handle.db, [{ feed: wire, items: copies }], matcher, composer);
    const { cluster_id: clusterId } = await handle.db.selectFrom('stories').select('cluster_id').where('guid', '=', 'wire-first').executeTakeFirstOrThrow();
    // Another outlet links each address under a headline of its own (no rare term in common):
    // a poll and a push store one each at the same moment, and both join the event by URL.
    const links = copies.map((copy, n) => normalizedItem({ key: `link-${n}`, url: copy.url!, title: LINK_HEADLINES[n]!, summary: '' }));
    // The cluster's row held meanwhile, so both writers reach its counts before either commits.
    let stored: Promise<unknown> = Promise.resolve();
    await handle.db.transaction().execute(async (holder) => {
      await sql`select id from clusters where id = ${clusterId} for no key update`.execute(holder);
      stored = Promise.all(links.map((link) => storeItemsOfFeeds(handle.db, [{ feed: linker, items: [link] }], matcher, composer)));
      await untilWaiting(2);
    });
    await stored;
    const cluster = await handle.db.selectFrom('clusters').select(['size', 'sources_count']).where('id', '=', clusterId).executeTakeFirstOrThrow();
    expect(cluster).toEqual({ size: 4, sources_count: 2 });
  });

  it('two ingest processes: one cluster, one alert per event', { timeout: 60_000 }, async () => {
    const c = (await createFeed(handle.db, { url: 'https://outlet-c.test/feed.xml', title: 'Outlet C' }))!;
    const d = (await createFeed(handle.db, { url: 'https://outlet-d.test/feed.xml', title: 'Outlet D' }))!;
    await handle.db.deleteFrom('deliveries').execute();
    await handle.db.deleteFrom('stories').execute();
    // Both processes store round r's copy at the same instant: the other process is started
    // first, then this one waits for the same moments.
    const startAt = Date.now() + 4000;
    const stepMs = 400;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'store-copies-process.ts'), handle.url!, String(d.id), String(ROUNDS), String(startAt), String(stepMs)],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    const matcher = new WatchMatcher(handle.db);
    await matcher.refresh();
    const composer = createAlertComposer(null);
    for (let round = 0; round < ROUNDS; round++) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt + round * stepMs - Date.now())));
      await storeItemsOfFeeds(handle.db, [{ feed: c, items: [raceCopy(round, 'a')] }], matcher, composer);
    }
    expect(await exited, output).toBe(0);
    expect(output).toContain('stored');

    for (let round = 0; round < ROUNDS; round++) {
      const { clusters, alerts } = await outcome(round, c, d);
      expect(clusters[1], `round ${round}`).toBe(clusters[0]);
      expect(alerts, `round ${round}`).toBe(1);
    }
  });
});
