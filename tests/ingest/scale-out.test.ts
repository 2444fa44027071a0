import { openDatabase, sql, type DatabaseHandle } from '@newswatch/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { eventually } from '../support/api-client';
import { createPostgresDatabase } from '../support/databases';
import { startNewswatch, type NewswatchProcess } from '../support/newswatch-process';
import { FeedFarm } from './feed-farm';

const FEEDS = 300;
const ITEMS = 5;
/** Short leases so a killed worker's feeds come back within the test; long enough for a queued poll. */
const LEASE_SECONDS = 6;

/**
 * Three `newswatch ingest` processes share 300 feeds on one PostgreSQL through leases: each
 * due feed is fetched once per cycle, and the feeds a SIGKILLed worker held are polled by the
 * others once its leases expire, with no story stored twice.
 */
describe.skipIf(!inject('pgTemplateUrl'))('ingest workers scale out on PostgreSQL', () => {
  // 100 hosts × 3 feeds: each host on its own loopback address, so the per-host limit is real.
  const farm = new FeedFarm({ hosts: 100, feedsPerHost: 3, itemsPerFeed: ITEMS, delayMs: 150 });
  const workers: NewswatchProcess[] = [];
  let handle: DatabaseHandle;
  let databaseUrl: string;

  beforeAll(async () => {
    await farm.start();
    databaseUrl = await createPostgresDatabase();
    handle = await openDatabase({ databaseUrl, poolSize: 2 });
    // Subscribed but not due yet: the cycle starts once every worker is up.
    await handle.db
      .insertInto('feeds')
      .values(farm.urls.map((url) => ({ url, title: null, next_poll_at: new Date(Date.now() + 3_600_000) })))
      .execute();
    const env = {
      DATABASE_URL: databaseUrl,
      LEASE_SECONDS: String(LEASE_SECONDS),
      ALLOW_PRIVATE_FEEDS: 'true',
      NEWSWATCH_DEFAULTS: 'false',
      INGEST_CONCURRENCY: '16',
    };
    workers.push(...(await Promise.all([0, 1, 2].map(() => startNewswatch('ingest', env)))));
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await handle?.close();
    await farm.stop();
  });

  /** Makes every feed due now and waits until each was polled after that moment. */
  async function runCycle(label: string, extraWait?: () => Promise<void>): Promise<Date> {
    const { rows } = await sql<{ now: Date }>`select now() as now`.execute(handle.db);
    const startedAt = rows[0]!.now;
    await handle.db.updateTable('feeds').set({ next_poll_at: startedAt }).execute();
    await extraWait?.();
    await eventually(
      async () => {
        const row = await handle.db
          .selectFrom('feeds')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('last_success_at', '>=', startedAt)
          .where('lease_owner', 'is', null)
          .executeTakeFirstOrThrow();
        return Number(row.n) === FEEDS ? true : null;
      },
      40_000,
      `every feed polled in ${label}`,
    );
    if (process.env.NEWSWATCH_TEST_VERBOSE) {
      console.log(`${label}: ${Date.now() - startedAt.getTime()} ms`);
      for (const w of workers)
        console.log(
          w
            .output()
            .split('\n')
            .filter((l) => l.includes('Poll cycle finished'))
            .slice(-3)
            .join('\n'),
        );
    }
    return startedAt;
  }

  async function leasedBy(pid: number): Promise<number[]> {
    const rows = await handle.db.selectFrom('feeds').select('id').where('lease_owner', 'like', `%:${pid}:%`).execute();
    return rows.map((r) => r.id);
  }

  function cyclesPolledBy(worker: NewswatchProcess): number {
    return worker
      .output()
      .split('\n')
      .filter((line) => line.includes('Poll cycle finished'))
      .reduce((sum, line) => sum + (JSON.parse(line) as { polled: number }).polled, 0);
  }

  it('fetches every due feed exactly once per cycle, the work shared by all workers', async () => {
    farm.resetHits();
    await runCycle('the first cycle');
    expect(farm.urls.filter((url) => farm.hitCount(url) !== 1)).toEqual([]);
    expect(farm.answers.ok).toBe(FEEDS);
    // A worker logs its cycle just after its last feed is written.
    const shares = await eventually(
      async () => {
        const polled = workers.map(cyclesPolledBy);
        return polled.reduce((a, b) => a + b, 0) === FEEDS ? polled : null;
      },
      10_000,
      'every worker to finish its cycle',
    );
    for (const share of shares) expect(share).toBeGreaterThan(0);

    // A second cycle: conditional GETs, still one request per feed.
    farm.resetHits();
    await runCycle('the second cycle');
    expect(farm.urls.filter((url) => farm.hitCount(url) !== 1)).toEqual([]);
    expect(farm.answers.notModified).toBe(FEEDS);
  });

  it("hands a SIGKILLed worker's feeds to the others once its leases expire, storing no story twice", async () => {
    farm.bump();
    farm.resetHits();
    const victim = workers[1]!;
    const victimPid = victim.child.pid!;
    let held: number[] = [];
    let killedAt = 0;
    const startedAt = await runCycle('the cycle with a killed worker', async () => {
      // Mid-cycle: some feeds done, the victim holding leases on others.
      await eventually(async () => (farm.totalHits >= FEEDS / 4 ? true : null), 20_000, 'a quarter of the feeds fetched');
      await eventually(async () => ((await leasedBy(victimPid)).length > 0 ? true : null), 10_000, 'the victim holding leases mid-cycle');
      const exited = new Promise((resolve) => victim.child.once('exit', resolve));
      victim.child.kill('SIGKILL');
      killedAt = Date.now();
      await exited;
      workers.splice(workers.indexOf(victim), 1);
      held = await leasedBy(victimPid);
    });
    expect(held.length).toBeGreaterThan(0);

    // The held feeds were polled again by a survivor, after the lease ran out.
    const heldFeeds = await handle.db.selectFrom('feeds').select(['id', 'url', 'last_success_at']).where('id', 'in', held).execute();
    for (const feed of heldFeeds) {
      expect(feed.last_success_at!.getTime()).toBeGreaterThanOrEqual(Math.max(startedAt.getTime(), killedAt));
      expect(farm.hitCount(feed.url)).toBeGreaterThanOrEqual(1);
    }
    // Feeds nobody died holding were fetched exactly once; only held ones may have been fetched twice.
    const heldUrls = new Set(heldFeeds.map((f) => f.url));
    expect(farm.urls.filter((url) => !heldUrls.has(url) && farm.hitCount(url) !== 1)).toEqual([]);
    expect(farm.urls.filter((url) => farm.hitCount(url) > 2)).toEqual([]);

    // Every story once: 5 items at first, 2 more after the bump.
    const stories = await handle.db
      .selectFrom('stories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stories.n)).toBe(FEEDS * (ITEMS + 2));
    const duplicated = await sql<{ n: number }>`
      select count(*)::int as n from (select feed_id, url from stories group by feed_id, url having count(*) > 1) d`.execute(handle.db);
    expect(duplicated.rows[0]!.n).toBe(0);
    const clusters = await handle.db
      .selectFrom('clusters')
      .select((eb) => eb.fn.max('size').as('largest'))
      .executeTakeFirstOrThrow();
    expect(Number(clusters.largest)).toBe(1);
  });
});
