import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createChannelSenders, Dispatcher } from '@newswatch/alerts';
import { createLogger } from '@newswatch/cli';
import { createChannel, createRule, enqueueDelivery, type Database, type DatabaseHandle, type Kysely } from '@newswatch/db';
import { createTestDatabase, testBackends } from '../support/databases';
import { WebhookReceiver } from '../support/webhook-receiver';

const DELIVERIES = 200;

/** `count` test alerts queued for one webhook channel. */
async function enqueueAlerts(db: Kysely<Database>, url: string, count: number): Promise<void> {
  const channel = await createChannel(db, { kind: 'webhook', name: 'storm', config: { url, format: 'json' }, secret: null });
  const rule = await createRule(db, { channel_id: channel.id, watch_id: null, mode: 'instant', schedule: null, timezone: null, muted_until: null });
  for (let i = 0; i < count; i++) {
    await enqueueDelivery(db, {
      rule_id: rule.id,
      channel_id: channel.id,
      cluster_id: null,
      window_start: null,
      window_end: null,
      payload: { type: 'test', channelId: channel.id, message: `storm ${i}` },
      idempotency_key: `storm-${i}`,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      last_status_code: null,
      sent_at: null,
    });
  }
}

/*
 * An alert storm fills the outbox with hundreds of deliveries, sent twenty at a time. A stop
 * must not wait for the outbox to drain: it ends after the batch under way, and what is left
 * is sent by the next dispatcher, each delivery once.
 */
describe.each(testBackends())('a dispatcher stopped during a storm, on %s', (backend) => {
  let handle: DatabaseHandle;
  const receiver = new WebhookReceiver();
  const senders = createChannelSenders({ allowPrivateTargets: true });
  beforeAll(async () => {
    handle = await createTestDatabase(backend);
    await receiver.start();
  });
  afterAll(async () => {
    await senders.close();
    await receiver.stop();
    await handle?.close();
  });

  it('stops after the batch under way and leaves the rest for the next dispatcher', async () => {
    const { db } = handle;
    // Each answer takes half a second: the storm takes five seconds to send.
    receiver.respond = () => ({ status: 200, delayMs: 500 });
    await enqueueAlerts(db, `${receiver.url}/storm`, DELIVERIES);
    const dispatcher = (owner: string) => new Dispatcher({ db, owner, logger: createLogger('silent'), sendDelivery: senders.sendDelivery });
    const first = dispatcher('first');
    first.start();
    await vi.waitFor(() => expect(receiver.received.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    await first.stop();

    const sentBefore = await db.selectFrom('deliveries').select('id').where('status', '=', 'sent').execute();
    expect(sentBefore.length).toBeGreaterThan(0);
    expect(sentBefore.length).toBeLessThan(DELIVERIES);
    expect(await db.selectFrom('deliveries').select('id').where('lease_owner', 'is not', null).execute()).toEqual([]);

    receiver.respond = () => ({ status: 200 });
    await dispatcher('next').runOnce();
    const sent = await db.selectFrom('deliveries').select('id').where('status', '=', 'sent').execute();
    expect(sent).toHaveLength(DELIVERIES);
    const ids = receiver.received.map((request) => request.headers['webhook-id']);
    expect(new Set(ids).size).toBe(DELIVERIES);
    expect(ids).toHaveLength(DELIVERIES);
  });
});
