import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { loadConfig, startRuntime } from '@newswatch/cli';
import { createFeed, openDatabase, sql } from '@newswatch/db';
import { IngestWorker } from '@newswatch/ingest';
import { capturedLog } from '../support/captured-log';
import { databaseAndFeedServer } from '../support/database-and-feed-server';
import { createPostgresDatabase, testBackends } from '../support/databases';
import { FeedServer, rssFeed } from '../support/feed-server';
import { testIngestContext } from '../support/ingest-context';

/** Stories of one feed, each its own event, `from` to `to` (their words weigh every later story). */
function stories(from: number, to: number) {
  return Array.from({ length: to - from + 1 }, (_, n) => ({
    title: `Harbour report ${from + n}: the tide tables of the northern quay`,
    link: `https://harbour.test/report/${from + n}`,
    description: `The harbour office published report ${from + n} on the tides and berths of the northern quay.`,
  }));
}

/*
 * The document frequencies clustering weighs words by are counted in `term_counts`, written
 * after each placement commits, a flush a second at most. A failed write (a full disk, a lost
 * connection) must neither fail the stories stored nor lose their counts, and must be seen.
 */
describe.each(testBackends())('term counts on %s', (backend) => {
  const handle = databaseAndFeedServer(backend);
  const { server } = handle;

  it('keeps the counts a failed write could not store for the next write, and logs the failure', async () => {
    const { db } = handle;
    const { logger, lines: logged } = capturedLog();
    const worker = new IngestWorker({ ...testIngestContext(db), logger });
    /** The stored count of every story: the term numbered 0. */
    const storiesCounted = async () =>
      Number((await db.selectFrom('term_counts').select('doc_count').where('term_id', '=', 0).executeTakeFirst())?.doc_count ?? 0);

    await sql`create function refuse_writes() returns trigger language plpgsql as $$ begin raise exception 'could not extend file: No space left on device'; end $$`.execute(
      db,
    );
    await sql`create trigger refuse_term_count_writes before insert or update on term_counts for each statement execute function refuse_writes()`.execute(db);
    const feed = (await createFeed(db, { url: server.set('/harbour.xml', { body: rssFeed('Harbour office', stories(1, 3)) }), title: null }))!;
    expect(await worker.runOnce()).toMatchObject({ inserted: 3 });
    await vi.waitFor(() => expect(logged.map((l) => l.msg)).toContain('Term counts could not be written; they are kept for the next write'), {
      timeout: 5_000,
    });
    expect(logged[0]).toMatchObject({ documents: 3 });
    expect(await storiesCounted()).toBe(0);

    // The disk has room again: the next stories' write carries the first three's counts too.
    await sql`drop trigger refuse_term_count_writes on term_counts`.execute(db);
    server.set('/harbour.xml', { body: rssFeed('Harbour office', stories(1, 5)) });
    await db.updateTable('feeds').set({ next_poll_at: new Date(), etag: null, last_modified: null }).where('id', '=', feed.id).execute();
    expect(await worker.runOnce()).toMatchObject({ inserted: 2 });
    await vi.waitFor(async () => expect(await storiesCounted()).toBe(5), { timeout: 5_000 });
    const stored = await db.selectFrom('stories').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(5);
  });
});

/*
 * Counts wait up to a second for their write. A stop — every `ingest --once` run, every restart —
 * must write them before the database closes, or the last second's stories never weigh the
 * words of later ones.
 */
describe.skipIf(!inject('pgTemplateUrl'))('term counts at a stop', () => {
  const server = new FeedServer();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('writes the counts still waiting before the database closes', async () => {
    const databaseUrl = await createPostgresDatabase();
    const config = loadConfig({ DATABASE_URL: databaseUrl, ALLOW_PRIVATE_FEEDS: 'true', LOG_LEVEL: 'warn' });
    const { logger, lines: logged } = capturedLog();
    const runtime = await startRuntime(config, logger, { ingest: true, dispatch: false, serve: false }, { once: true });
    const { db } = runtime.handle;
    // Another session holds off writes to the counts, so the first write is still under way when the second poll's counts come.
    const holder = new pg.Client({ connectionString: databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('lock table term_counts in share mode');
      await createFeed(db, { url: server.set('/harbour.xml', { body: rssFeed('Harbour office', stories(1, 3)) }), title: null });
      expect(await runtime.ingest!.runOnce()).toMatchObject({ inserted: 3 });
      await createFeed(db, { url: server.set('/quay.xml', { body: rssFeed('Quay office', stories(4, 5)) }), title: null });
      expect(await runtime.ingest!.runOnce()).toMatchObject({ inserted: 2 });
      const stopped = runtime.stop();
      // The stop reaches the database's close meanwhile; then the first write may go on.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await holder.query('commit');
      await stopped;
    } finally {
      await holder.end();
    }

    const reopened = await openDatabase({ databaseUrl });
    try {
      const total = await reopened.db.selectFrom('term_counts').select('doc_count').where('term_id', '=', 0).executeTakeFirst();
      expect(Number(total?.doc_count)).toBe(5);
    } finally {
      await reopened.close();
    }
    expect(logged.filter((line) => line.msg.startsWith('Term counts'))).toEqual([]);
  });
});
