import { createFeed, findFeedById, type DatabaseHandle } from '@newswatch/db';
import { IngestWorker } from '@newswatch/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/api-client';
import { testIngestContext } from '../support/ingest-context';
import { createTestDatabase } from '../support/databases';
import { FeedServer, rssFeed } from '../support/feed-server';

const items = (site: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({ title: `${site} story ${i}`, link: `https://${site}.example/${i}`, description: `Report ${i} from ${site}.` }));

/*
 * A publisher's server that trickles its feed (one byte every 200 ms) holds one lane of the
 * worker for as long as the fetch timeout allows; every other feed must still be polled on
 * time. The two servers listen on different ports: different hosts to the per-host limiter.
 */
describe('a slow feed does not hold the others up', () => {
  let handle: DatabaseHandle;
  const slowSite = new FeedServer();
  const site = new FeedServer();

  beforeAll(async () => {
    handle = await createTestDatabase('pglite');
    await slowSite.start();
    await site.start();
  });
  afterAll(async () => {
    await slowSite.stop();
    await site.stop();
    await handle?.close();
  });

  it('polls a feed added while another one trickles within a couple of seconds', async () => {
    const worker = new IngestWorker(testIngestContext(handle.db, { owner: 'hostile-worker', timeoutMs: 30_000 }), { concurrency: 4 });
    const slowUrl = slowSite.set('/slow.xml', { body: rssFeed('Slow', items('slow', 3)), trickle: { bytes: 1, everyMs: 200 } });
    const slow = (await createFeed(handle.db, { url: slowUrl, title: null }))!;
    worker.start();
    try {
      await eventually(async () => (slowSite.hitCount('/slow.xml') > 0 ? true : null), 5_000, 'the slow feed requested');

      const added = Date.now();
      const fast = (await createFeed(handle.db, { url: site.set('/fresh.xml', { body: rssFeed('Fresh', items('fresh', 2)) }), title: null }))!;
      // What the API does when a feed is added (`onFeedDue`).
      worker.wake();
      const polled = await eventually(
        async () => {
          const row = await findFeedById(handle.db, fast.id);
          return row?.last_success_at ? row : null;
        },
        10_000,
        'the new feed polled',
      );
      expect(Date.now() - added).toBeLessThan(2_500);
      expect(polled).toMatchObject({ last_status: 200, lease_owner: null });
      // A first poll's stories are placed once first polls stop coming for a second, not when
      // the cycle ends: the trickling fetch holds the cycle open for up to 30 s. The poll's
      // bound, the quiet second and the placement's own time.
      await eventually(
        async () => ((await handle.db.selectFrom('stories').select('title').where('feed_id', '=', fast.id).execute()).length === 2 ? true : null),
        10_000,
        'the new feed’s stories stored',
      );
      expect(Date.now() - added).toBeLessThan(4_000);

      // A feed falling due with nobody asking is taken at the next tick of the worker.
      const due = Date.now();
      const later = (await createFeed(handle.db, { url: site.set('/later.xml', { body: rssFeed('Later', items('later', 1)) }), title: null }))!;
      await eventually(async () => (await findFeedById(handle.db, later.id))?.last_success_at ?? null, 10_000, 'the due feed polled');
      expect(Date.now() - due).toBeLessThan(2_500);

      // The trickling fetch was never given up on: it is still the one request in flight.
      expect(slowSite.hitCount('/slow.xml')).toBe(1);
      expect((await findFeedById(handle.db, slow.id))!).toMatchObject({ last_fetched_at: null, lease_owner: 'hostile-worker' });
    } finally {
      // Ends the trickle (the fetch fails at once), so the cycle can finish.
      await slowSite.stop();
      await worker.stop();
    }
  });
});
