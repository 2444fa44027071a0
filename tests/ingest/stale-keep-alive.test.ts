import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFeed, findFeedById, type DatabaseHandle } from '@newswatch/db';
import { IngestWorker } from '@newswatch/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testIngestContext } from '../support/ingest-context';
import { createTestDatabase } from '../support/databases';
import { rssFeed } from '../support/feed-server';
import { loopbackAddress } from './feed-farm';

/**
 * A site whose server drops an idle kept-alive connection the moment the poller reuses it: what
 * the poller meets when the server's keep-alive timer fired while the poller's one thread was
 * busy (PGlite statements), so the close was still unread when the next poll went out on it.
 */
describe('a kept-alive connection the server closed under our next poll', () => {
  let handle: DatabaseHandle;
  let server: http.Server;
  let dropped = 0;

  beforeAll(async () => {
    handle = await createTestDatabase('pglite');
    const served = new WeakMap<object, number>();
    const body = rssFeed('Stale', [{ title: 'Hello', link: 'https://stale.example/1', description: 'x' }]);
    server = http.createServer((req, res) => {
      const count = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, count);
      if (count > 1) {
        dropped++;
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, loopbackAddress(240), resolve));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await handle?.close();
  });

  it('polls the feed on a fresh connection and keeps it healthy', async () => {
    const { address, port } = server.address() as AddressInfo;
    const worker = new IngestWorker(testIngestContext(handle.db), { concurrency: 2 });
    const feed = (await createFeed(handle.db, { url: `http://${address}:${port}/feed.xml`, title: null }))!;
    expect(await worker.runOnce()).toMatchObject({ polled: 1, failed: 0, inserted: 1 });

    await handle.db.updateTable('feeds').set({ next_poll_at: new Date() }).execute();
    expect(await worker.runOnce()).toMatchObject({ polled: 1, failed: 0 });
    expect(dropped).toBe(1);
    expect(await findFeedById(handle.db, feed.id)).toMatchObject({ consecutive_failures: 0, failing_since: null, last_error: null, last_status: 200 });
  });
});
