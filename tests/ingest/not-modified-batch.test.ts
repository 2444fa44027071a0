import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDueFeeds, createFeed, findFeedById, type DatabaseHandle } from '@newswatch/db';
import { NotModifiedBatch } from '@newswatch/ingest';
import { createTestDatabase, testBackends } from '../support/databases';

describe.each(testBackends())('304 lease releases in batches on %s', (backend) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('ends each held lease as a healthy poll with its own next time, and leaves another worker’s lease alone', async () => {
    const { db } = handle;
    const feeds = [];
    for (let i = 0; i < 3; i++) feeds.push((await createFeed(db, { url: `https://batch-${i}.example/feed.xml`, title: null }))!);
    const mine = await claimDueFeeds(db, 'worker-1', 2, 60);
    const theirs = await claimDueFeeds(db, 'worker-2', 1, 60);
    expect(mine).toHaveLength(2);
    expect(theirs).toHaveLength(1);

    const batch = new NotModifiedBatch(db, 'worker-1', { maxRows: 10, maxWaitMs: 30_000 });
    const due = (k: number) => new Date(Date.now() + (k + 1) * 600_000);
    const released = [...mine, ...theirs].map((feed, k) => batch.release(feed.id, due(k)));
    let settled = false;
    void Promise.all(released).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    await batch.flush();
    await Promise.all(released);

    for (const [k, feed] of mine.entries()) {
      const row = (await findFeedById(db, feed.id))!;
      expect(row).toMatchObject({ last_status: 304, lease_owner: null, lease_until: null, consecutive_failures: 0, last_error: null });
      expect(row.next_poll_at.getTime()).toBeCloseTo(due(k).getTime(), -3);
    }
    const other = (await findFeedById(db, theirs[0]!.id))!;
    expect(other.lease_owner).toBe('worker-2');
    expect(other.last_status).toBeNull();
  });

  it('writes on its own once enough polls are waiting', async () => {
    const { db } = handle;
    const feed = (await createFeed(db, { url: 'https://batch-full.example/feed.xml', title: null }))!;
    const claimed = await claimDueFeeds(db, 'worker-3', 100, 60);
    expect(claimed.map((f) => f.id)).toContain(feed.id);
    const batch = new NotModifiedBatch(db, 'worker-3', { maxRows: claimed.length, maxWaitMs: 30_000 });
    await Promise.all(claimed.map((f) => batch.release(f.id, new Date(Date.now() + 60_000))));
    expect((await findFeedById(db, feed.id))!.last_status).toBe(304);
  });
});
