import { sql, type Kysely, type Transaction } from 'kysely';
import { anyInteger } from '../bind-limit';
import type { Database } from '../database';
import type { Delivery, DeliveryAttempt, DeliveryStatus, NewDelivery } from '../schema/alert';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Writes an outbox row; the idempotency key makes a second enqueue of the same alert a no-op.
 * Returns the row when it was new.
 */
export async function enqueueDelivery(db: Db, delivery: NewDelivery): Promise<Delivery | null> {
  const row = await db
    .insertInto('deliveries')
    .values({ ...delivery, payload: JSON.stringify(delivery.payload) })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row) await notifyOutbox(db);
  return row ?? null;
}

/** The PostgreSQL notification channel a dispatcher in another process listens on. */
export const OUTBOX_NOTIFY_CHANNEL = 'newswatch_outbox';

/**
 * Wakes dispatchers listening in other processes (LISTEN newswatch_outbox): the notification is
 * delivered when the caller's transaction commits, so a dispatcher never looks before the row
 * is visible. Only a hint — dispatchers still tick every second without it.
 */
export async function notifyOutbox(db: Db): Promise<void> {
  await sql`select pg_notify(${OUTBOX_NOTIFY_CHANNEL}, '')`.execute(db);
}

/**
 * Claims due deliveries (pending or failed, next attempt reached, no live lease) for `owner`.
 * Marked `sending` with a lease: a dispatcher killed mid-send leaves a lease that expires, and
 * the delivery is retried with the same idempotency key.
 */
export async function claimDueDeliveries(db: Kysely<Database>, owner: string, limit: number, leaseSeconds: number): Promise<Delivery[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('deliveries')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', 'in', ['pending', 'failed']), eb('next_attempt_at', '<=', sql<Date>`now()`)]),
          eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', sql<Date>`now()`)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('deliveries')
      .set({
        status: 'sending',
        lease_owner: owner,
        lease_until: sql`now() + make_interval(secs => ${leaseSeconds})`,
        updated_at: sql`now()`,
      })
      .where('id', '=', anyInteger(due.map((d) => d.id)))
      .returningAll()
      .execute();
  });
}

export interface AttemptRecord {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Records one attempt and the delivery's new state, if `owner` still holds the lease. */
export async function finishDeliveryAttempt(
  db: Kysely<Database>,
  id: number,
  owner: string,
  attempt: AttemptRecord,
  outcome: { status: Extract<DeliveryStatus, 'sent' | 'failed' | 'dead'>; nextAttemptAt?: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('deliveries')
      .set({
        status: outcome.status,
        attempts: sql`attempts + 1`,
        last_error: attempt.error,
        last_status_code: attempt.statusCode,
        sent_at: outcome.status === 'sent' ? sql`now()` : null,
        next_attempt_at: outcome.nextAttemptAt ?? sql`now()`,
        lease_owner: null,
        lease_until: null,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return;
    await trx
      .insertInto('delivery_attempts')
      .values({ delivery_id: id, status_code: attempt.statusCode, error: attempt.error, duration_ms: attempt.durationMs })
      .execute();
  });
}

export interface DeliveryListRow extends Delivery {
  channel_name: string;
}

export async function listDeliveries(db: Db, filter: { status?: DeliveryStatus; limit: number; beforeId?: number }): Promise<DeliveryListRow[]> {
  let query = db
    .selectFrom('deliveries')
    .innerJoin('channels', 'channels.id', 'deliveries.channel_id')
    .selectAll('deliveries')
    .select('channels.name as channel_name');
  if (filter.status) query = query.where('deliveries.status', '=', filter.status);
  if (filter.beforeId !== undefined) query = query.where('deliveries.id', '<', filter.beforeId);
  return query.orderBy('deliveries.id', 'desc').limit(filter.limit).execute();
}

export async function findDeliveryById(db: Db, id: number): Promise<Delivery | undefined> {
  return db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listDeliveryAttempts(db: Db, deliveryIds: number[]): Promise<DeliveryAttempt[]> {
  if (deliveryIds.length === 0) return [];
  return db.selectFrom('delivery_attempts').selectAll().where('delivery_id', '=', anyInteger(deliveryIds)).orderBy('delivery_id').orderBy('id').execute();
}

/** Puts a dead or failed delivery back in the queue now (the retry button). */
export async function retryDelivery(db: Db, id: number): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'pending', next_attempt_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('status', 'in', ['dead', 'failed'])
    .executeTakeFirst();
  const retried = Number(result.numUpdatedRows) > 0;
  if (retried) await notifyOutbox(db);
  return retried;
}

/** Holds a claimed delivery until `until` without counting an attempt (its rule is muted). */
export async function postponeDelivery(db: Db, id: number, owner: string, until: Date): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ status: 'pending', next_attempt_at: until, lease_owner: null, lease_until: null, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

/** Drops alerts held for a muted rule (its mute policy is "drop"): dead, with the reason shown in the log. */
export async function dropHeldDeliveries(db: Db, ruleId: number, createdBefore: Date): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'dead', last_error: 'dropped: the rule was muted when this alert was due', lease_owner: null, lease_until: null, updated_at: sql`now()` })
    .where('rule_id', '=', ruleId)
    .where('status', 'in', ['pending', 'failed'])
    .where('created_at', '<', createdBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Sends alerts held for a muted rule now (its mute policy is "send" and it was unmuted). */
export async function releaseHeldDeliveries(db: Db, ruleId: number): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({ next_attempt_at: sql`now()`, updated_at: sql`now()` })
    .where('rule_id', '=', ruleId)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  const released = Number(result.numUpdatedRows);
  if (released > 0) await notifyOutbox(db);
  return released;
}

/** Deliveries a channel sent in the last `seconds`, and when the oldest of them went out. */
export async function recentChannelSends(db: Db, channelId: number, seconds: number): Promise<{ count: number; oldest: Date | null }> {
  const row = await db
    .selectFrom('deliveries')
    .select([sql<number>`count(*)`.as('n'), sql<Date | null>`min(sent_at)`.as('oldest')])
    .where('channel_id', '=', channelId)
    .where('sent_at', '>', sql<Date>`now() - make_interval(secs => ${seconds})`)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), oldest: row.oldest ? new Date(row.oldest) : null };
}

/** When the next pending or failed delivery is due (null when none): lets a dispatcher sleep exactly. */
export async function nextDeliveryDueAt(db: Db): Promise<Date | null> {
  const row = await db
    .selectFrom('deliveries')
    .select(sql<Date | null>`min(next_attempt_at)`.as('due'))
    .where('status', 'in', ['pending', 'failed'])
    .executeTakeFirstOrThrow();
  return row.due ? new Date(row.due) : null;
}

/** How many deliveries are in each status (the delivery log's filter counts). */
export async function countDeliveriesByStatus(db: Db): Promise<Map<DeliveryStatus, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['status', sql<number>`count(*)`.as('n')])
    .groupBy('status')
    .execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** Per rule, how many of its alerts wait in the outbox for a later time (held by a mute). */
export async function countHeldDeliveriesByRule(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['rule_id', sql<number>`count(*)`.as('n')])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '>', sql<Date>`now()`)
    .where('rule_id', 'is not', null)
    .groupBy('rule_id')
    .execute();
  return new Map(rows.map((r) => [r.rule_id!, Number(r.n)]));
}

/**
 * Turns claimed deliveries of one channel into one combined message (an alert storm past the
 * channel's rate limit): a new outbox row holding `payload`, claimed by `owner`, keyed after
 * the first member so a retry or a crash re-sends it under the same webhook-id; the members
 * become `combined` and point at it. One transaction: either the message exists and carries
 * them all, or nothing changed. Returns the new row, or null when `owner` lost the members.
 */
export async function combineDeliveries(
  db: Kysely<Database>,
  owner: string,
  channelId: number,
  memberIds: number[],
  payload: unknown,
  leaseSeconds: number,
): Promise<Delivery | null> {
  if (memberIds.length === 0) return null;
  return db.transaction().execute(async (trx) => {
    const members = await trx
      .selectFrom('deliveries')
      .select('id')
      .where('id', '=', anyInteger(memberIds))
      .where('lease_owner', '=', owner)
      .forUpdate()
      .execute();
    if (members.length !== memberIds.length) return null;
    const combined = await trx
      .insertInto('deliveries')
      .values({
        rule_id: null,
        channel_id: channelId,
        cluster_id: null,
        window_start: null,
        window_end: null,
        payload: JSON.stringify(payload),
        idempotency_key: `combined-${channelId}-${Math.min(...memberIds)}`,
        status: 'sending',
        lease_owner: owner,
        lease_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})`,
        last_error: null,
        last_status_code: null,
        sent_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('deliveries')
      .set({ status: 'combined', combined_into: combined.id, lease_owner: null, lease_until: null, updated_at: sql`now()` })
      .where('id', '=', anyInteger(memberIds))
      .execute();
    return combined;
  });
}
