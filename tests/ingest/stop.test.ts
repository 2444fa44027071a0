import { describe, expect, it, vi } from 'vitest';
import { createFeed, deleteFeed, sql, type Database, type Kysely } from '@newswatch/db';
import { HostLimiter, IngestWorker } from '@newswatch/ingest';
import { databaseAndFeedServer } from '../support/database-and-feed-server';
import { testBackends } from '../support/databases';
import { FeedServer, rssFeed } from '../support/feed-server';
import { testIngestContext } from '../support/ingest-context';

/** `count` items of feed `feed`, each a story of its own. */
const items = (feed: number, count: number) =>
  Array.from({ length: count }, (_, n) => ({
    title: `Quay ${feed} berth ${n}: cargo manifest ${feed * 10_000 + n}`,
    link: `https://quay.test/${feed}/${n}`,
    description: `Manifest ${feed * 10_000 + n} lists the cargo of berth ${n} at quay ${feed}.`,
    pubDate: new Date(Date.now() - (count - n) * 60_000),
  }));

const countOf = async (db: Kysely<Database>, table: 'stories' | 'backlog_items') =>
  Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/*
 * A stop (SIGTERM, `docker stop`, a restart) during a poll cycle must not wait for the cycle:
 * a first import on one slow host, or a backlog of a hundred thousand items, runs for minutes,
 * and a container runtime kills a process that does not exit in seconds. Nothing read may be
 * lost, and what was not polled must not wait for its lease to run out.
 */
describe.each(testBackends())('an ingest worker stopped mid-cycle, on %s', (backend) => {
  const handle = databaseAndFeedServer(backend);
  const { server } = handle;

  it('stops within the polls under way and gives the unpolled feeds back, due at once', async () => {
    const { db } = handle;
    // Twelve feeds of one host: its politeness spacing (a second between requests) makes the cycle last twelve seconds.
    for (let feed = 0; feed < 12; feed++)
      await createFeed(db, { url: server.set(`/quay-${feed}.xml`, { body: rssFeed(`Quay ${feed}`, items(feed, 3)) }), title: null });
    let polled = 0;
    const worker = new IngestWorker(testIngestContext(db, { owner: 'stopping-worker' }), { onPolled: () => polled++ });
    worker.start();
    await vi.waitFor(() => expect(polled).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 20 });
    const stopAsked = Date.now();
    await worker.stop();
    expect(Date.now() - stopAsked).toBeLessThan(4_000);

    const feeds = await db.selectFrom('feeds').select(['id', 'lease_owner', 'last_success_at', 'next_poll_at']).execute();
    expect(feeds.filter((f) => f.lease_owner !== null)).toEqual([]);
    const unpolled = feeds.filter((f) => f.last_success_at === null);
    expect(unpolled.length).toBeGreaterThanOrEqual(12 - polled - 2);
    expect(unpolled.length).toBeGreaterThan(0);
    for (const feed of unpolled) expect(feed.next_poll_at.getTime()).toBeLessThanOrEqual(Date.now());
    // What was read is kept: stored as stories, or waiting for the next cycle's placement.
    expect((await countOf(db, 'stories')) + (await countOf(db, 'backlog_items'))).toBe((12 - unpolled.length) * 3);

    // The next start (another worker identity) polls the rest at once and places everything,
    // each item once (its host's spacing set aside, to keep the test short).
    const nextContext = { ...testIngestContext(db, { owner: 'next-worker' }), hostLimiter: new HostLimiter({ minIntervalMs: 0 }) };
    const next = await new IngestWorker(nextContext).runOnce();
    expect(next.polled).toBe(unpolled.length);
    expect(await countOf(db, 'stories')).toBe(36);
    expect(await countOf(db, 'backlog_items')).toBe(0);
    for (const { id } of feeds) await deleteFeed(db, id);
  });

  it('aborts a fetch under way: the slow feed is given back due, with no failure counted', async () => {
    const { db } = handle;
    // A server that would answer in a minute, under a fetch timeout longer than that.
    const url = server.set('/slow-quay.xml', { body: rssFeed('Slow quay', items(50, 3)), delayMs: 60_000 });
    const feed = (await createFeed(db, { url, title: null }))!;
    const worker = new IngestWorker(testIngestContext(db, { owner: 'stopping-worker', timeoutMs: 90_000 }));
    worker.start();
    await vi.waitFor(() => expect(server.hitCount('/slow-quay.xml')).toBe(1), { timeout: 10_000, interval: 20 });
    const stopAsked = Date.now();
    await worker.stop();
    expect(Date.now() - stopAsked).toBeLessThan(4_000);

    const row = await db.selectFrom('feeds').selectAll().where('id', '=', feed.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ lease_owner: null, consecutive_failures: 0, last_error: null, last_success_at: null });
    expect(row.next_poll_at.getTime()).toBeLessThanOrEqual(Date.now());
    await deleteFeed(db, feed.id);
  });

  it('stops many fetches under way at once without a listener warning', async () => {
    const { db } = handle;
    // Twelve hosts (loopback addresses of their own), each answering in a minute: twelve fetches at once.
    const hosts = await Promise.all(Array.from({ length: 12 }, (_, n) => new FeedServer(`127.0.0.${n + 2}`).start()));
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const feeds = [];
      for (const [n, host] of hosts.entries())
        feeds.push((await createFeed(db, { url: host.set('/slow.xml', { body: rssFeed(`Host ${n}`, items(200 + n, 1)), delayMs: 60_000 }), title: null }))!);
      const worker = new IngestWorker(testIngestContext(db, { owner: 'stopping-worker', timeoutMs: 90_000 }));
      worker.start();
      await vi.waitFor(() => expect(hosts.every((host) => host.hitCount('/slow.xml') === 1)).toBe(true), { timeout: 10_000, interval: 20 });
      await worker.stop();
      expect(warnings.map((warning) => warning.name)).toEqual([]);
      for (const feed of feeds) await deleteFeed(db, feed.id);
    } finally {
      process.off('warning', onWarning);
      await Promise.all(hosts.map((host) => host.stop()));
    }
  });

  it('stops a first polls placement between its transactions; the next cycle places the rest', async () => {
    const { db } = handle;
    // Four feeds of a thousand items each: their backlog is placed a thousand items a transaction.
    for (let feed = 0; feed < 4; feed++)
      await createFeed(db, { url: server.set(`/manifest-${feed}.xml`, { body: rssFeed(`Manifests ${feed}`, items(100 + feed, 1_000)) }), title: null });
    // On PostgreSQL the stop comes once the placement's first stories are visible. PGlite's one
    // connection runs in this thread and serves a look at the table only between the placement's
    // transactions, which follow each other at once: there the stop comes as the last feed is
    // read, before the placement starts.
    let stopped: Promise<void> | undefined;
    let polled = 0;
    const worker = new IngestWorker(testIngestContext(db, { owner: 'stopping-worker' }), {
      onPolled: () => {
        if (++polled === 4 && backend === 'pglite') stopped = worker.stop();
      },
    });
    worker.start();
    if (backend === 'postgres') {
      await vi.waitFor(async () => expect(await countOf(db, 'stories')).toBeGreaterThan(0), { timeout: 60_000, interval: 20 });
      stopped = worker.stop();
    } else await vi.waitFor(() => expect(stopped).toBeDefined(), { timeout: 60_000 });
    await stopped;

    const placed = await countOf(db, 'stories');
    expect(placed).toBeLessThan(4_000);
    expect(placed + (await countOf(db, 'backlog_items'))).toBe(4_000);
    const leased = await db.selectFrom('feeds').select('id').where('lease_owner', 'is not', null).execute();
    expect(leased).toEqual([]);

    await db.updateTable('feeds').set({ next_poll_at: sql<Date>`now() + interval '1 hour'` }).execute();
    await new IngestWorker(testIngestContext(db, { owner: 'next-worker' })).runOnce();
    expect(await countOf(db, 'stories')).toBe(4_000);
    expect(await countOf(db, 'backlog_items')).toBe(0);
  }, 120_000);
});
