import { createFeed, openDatabase, sql, type DatabaseHandle } from '@newswatch/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { HostLimiter } from '../../packages/ingest/src/fetch/host-limiter';
import { ClaimQueue } from '../../packages/ingest/src/schedule/claim-queue';
import { createPostgresDatabase } from '../support/databases';

/**
 * Workers claim at the same moment (every worker wakes on the same tick). A claim of one feed
 * per host picks each host's first due feed; when another worker's claim holds exactly those
 * rows, the claim must still take the due feeds nobody holds rather than report nothing due.
 */
describe.skipIf(!inject('pgTemplateUrl'))('a claim that meets another worker’s claim', () => {
  let handle: DatabaseHandle;
  let other: DatabaseHandle;

  beforeAll(async () => {
    const url = await createPostgresDatabase();
    handle = await openDatabase({ databaseUrl: url, poolSize: 2 });
    other = await openDatabase({ databaseUrl: url, poolSize: 1 });
  });

  afterAll(async () => {
    await handle?.close();
    await other?.close();
  });

  it('takes the due feeds nobody holds while another claim holds each host’s first', async () => {
    // Each host's feed-0 is due first, so a one-per-host claim chooses those.
    const ids: number[] = [];
    const firsts: string[] = [];
    for (const host of ['127.0.0.31:8080', '127.0.0.32:8080'])
      for (let n = 0; n < 3; n++) {
        const url = `http://${host}/feed-${n}.xml`;
        if (n === 0) firsts.push(url);
        const dueSince = new Date(Date.now() - (n === 0 ? 120_000 : 60_000));
        ids.push((await createFeed(handle.db, { url, title: null, next_poll_at: dueSince }))!.id);
      }

    let releaseOther: () => void = () => undefined;
    const otherHolds = new Promise<void>((resolve) => {
      releaseOther = resolve;
    });
    let heldByOther: number[] = [];
    const otherLocked = new Promise<void>((locked, failed) => {
      other.db
        .transaction()
        .execute(async (trx) => {
          // Locks the rows a one-per-host claim chooses first: each host's earliest due feed.
          const { rows } = await sql<{ id: number }>`select id from feeds where url = any(${firsts}::text[]) for update`.execute(trx);
          heldByOther = rows.map((r) => r.id);
          locked();
          await otherHolds;
        })
        .catch(failed);
    });
    await otherLocked;
    expect(heldByOther).toHaveLength(2);

    const queue = new ClaimQueue({ db: handle.db, owner: 'worker-q', hostLimiter: new HostLimiter() }, 4, 60);
    await queue.claimMore();
    releaseOther();

    expect(queue.exhausted).toBe(false);
    const taken: number[] = [];
    for (let feed = queue.takeReady(); feed; feed = queue.takeReady()) taken.push(feed.id);
    expect(taken.length).toBeGreaterThan(0);
    expect(taken.filter((id) => heldByOther.includes(id))).toEqual([]);
    expect(taken.every((id) => ids.includes(id))).toBe(true);
  });
});
