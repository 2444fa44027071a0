import { createChannel, createRule, enqueueDelivery, listenForOutbox, openDatabase, type DatabaseHandle, type NewDelivery } from '@newswatch/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, testBackends } from '../support/databases';
import { startNewswatch, type NewswatchProcess } from '../support/newswatch-process';
import { WebhookReceiver } from '../support/webhook-receiver';

const row = (channelId: number, ruleId: number, key: string): NewDelivery => ({
  rule_id: ruleId,
  channel_id: channelId,
  cluster_id: null,
  window_start: null,
  window_end: null,
  payload: { type: 'test', channelId, message: key },
  idempotency_key: key,
  lease_owner: null,
  lease_until: null,
  last_error: null,
  last_status_code: null,
  sent_at: null,
});

/**
 * Cross-process wake-up on PostgreSQL: an outbox write NOTIFYs at commit, and a dispatcher in
 * its own process sends at once instead of at its next one-second tick.
 */
describe.runIf(testBackends().includes('postgres'))('outbox notifications on PostgreSQL', () => {
  let url: string;
  let handle: DatabaseHandle;
  let channelId: number;
  let ruleId: number;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    url = await createPostgresDatabase();
    handle = await openDatabase({ databaseUrl: url, poolSize: 2 });
    await receiver.start();
    const channel = await createChannel(handle.db, {
      kind: 'webhook',
      name: 'notify',
      config: { url: `${receiver.url}/hook`, format: 'json' },
      secret: null,
      rate_limit_per_minute: null,
    });
    channelId = channel.id;
    ruleId = (await createRule(handle.db, { channel_id: channel.id, watch_id: null, mode: 'instant', schedule: null, timezone: null, muted_until: null })).id;
  });
  afterAll(async () => {
    await handle?.close();
    await receiver.stop();
  });

  it('notifies a listener when the enqueuing transaction commits, not before', async () => {
    let notified = 0;
    const listener = listenForOutbox(url, { onNotify: () => notified++ });
    try {
      await expect.poll(() => notified, { timeout: 5_000 }).toBe(1); // the wake-up after connecting
      let seenInside = -1;
      await handle.db.transaction().execute(async (trx) => {
        await enqueueDelivery(trx, row(channelId, ruleId, 'notify-tx-1'));
        await enqueueDelivery(trx, row(channelId, ruleId, 'notify-tx-2'));
        await new Promise((r) => setTimeout(r, 150));
        seenInside = notified;
      });
      expect(seenInside).toBe(1);
      await expect.poll(() => notified, { timeout: 5_000 }).toBe(2);
      // A duplicate key inserts nothing and wakes nobody.
      await enqueueDelivery(handle.db, row(channelId, ruleId, 'notify-tx-1'));
      await new Promise((r) => setTimeout(r, 200));
      expect(notified).toBe(2);
    } finally {
      await listener.close();
    }
  });

  it('lets a separate `newswatch dispatch` send within a fraction of its one-second tick', async () => {
    receiver.received.length = 0;
    let dispatch: NewswatchProcess | undefined;
    try {
      dispatch = await startNewswatch('dispatch', { DATABASE_URL: url, NEWSWATCH_DEFAULTS: 'false', ALLOW_PRIVATE_FEEDS: 'true' });
      await receiver.waitFor(2, 10_000); // the two rows of the previous case
      const latencies: number[] = [];
      for (let i = 0; i < 6; i++) {
        // Enqueue at a random phase of the dispatcher's tick.
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 700));
        const before = receiver.received.length;
        const started = Date.now();
        await enqueueDelivery(handle.db, row(channelId, ruleId, `notify-proc-${i}`));
        const [request] = (await receiver.waitFor(before + 1, 5_000)).slice(-1);
        latencies.push(request!.receivedAt - started);
      }
      // Bound by the tick alone, about half of these would wait 0.4–1 s.
      expect(Math.max(...latencies), `latencies ${latencies.join(', ')} ms`).toBeLessThan(400);
    } finally {
      await dispatch?.stop();
    }
  });
});
