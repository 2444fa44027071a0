import { sql, type Kysely, type Transaction } from 'kysely';
import { anyInteger } from '../bind-limit';
import type { Database } from '../database';
import type { NewDelivery, NewWatchSpike, WatchSpike } from '../schema/alert';
import { enqueueDelivery } from './deliveries';

type Db = Kysely<Database> | Transaction<Database>;

const DAY_MS = 86_400_000;
const startOfUtcDay = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Matches per watch among stories published in [from, to), for these watches (each present,
 * zero when none). Whole UTC days inside the range come from the day rollup, the partial days
 * at its ends from the (watch_id, published_at) index, one watch at a time: a week of a busy
 * watch is a few rollup rows and two short index ranges, not a count of every match.
 */
export async function countWatchMatchesBetween(db: Db, watchIds: readonly number[], from: Date, to: Date): Promise<Map<number, number>> {
  if (watchIds.length === 0 || to <= from) return new Map(watchIds.map((id) => [id, 0]));
  const firstDay = new Date(startOfUtcDay(new Date(from.getTime() - 1)).getTime() + DAY_MS);
  const lastDay = startOfUtcDay(to);
  const wholeDays = firstDay < lastDay;
  const headEnd = wholeDays ? firstDay : to;
  const tailStart = wholeDays ? lastDay : to;
  const { rows } = await sql<{ watch_id: number; n: number }>`
    select watches.id as watch_id,
      (select count(*) from matches where matches.watch_id = watches.id and matches.published_at >= ${from} and matches.published_at < ${headEnd})
      + (select coalesce(sum(count), 0) from watch_match_days d
         where d.watch_id = watches.id and d.day >= ${utcDay(firstDay)}::date and d.day < ${utcDay(lastDay)}::date and ${wholeDays})
      + (select count(*) from matches where matches.watch_id = watches.id and matches.published_at >= ${tailStart} and matches.published_at < ${to})
      as n
    from watches where watches.id = ${anyInteger(watchIds)}`.execute(db);
  const counts = new Map(watchIds.map((id) => [id, 0]));
  for (const row of rows) counts.set(row.watch_id, Number(row.n));
  return counts;
}

/** Every spike still going on, oldest first. */
export async function listOpenSpikes(db: Db): Promise<WatchSpike[]> {
  return db.selectFrom('watch_spikes').selectAll().where('ended_at', 'is', null).orderBy('started_at').orderBy('id').execute();
}

/**
 * Opens a spike episode and queues its alert, in one transaction: the outbox row is keyed by the
 * episode, and only one episode of a (rule, watch) can be open, so a second dispatcher checking
 * at the same moment opens nothing and sends nothing. Returns the episode, or null when one was
 * already open.
 */
export async function startWatchSpike(
  db: Kysely<Database>,
  spike: NewWatchSpike,
  delivery: (episode: WatchSpike) => Omit<NewDelivery, 'idempotency_key'>,
): Promise<WatchSpike | null> {
  return db.transaction().execute(async (trx) => {
    const episode = await trx
      .insertInto('watch_spikes')
      .values(spike)
      .onConflict((oc) => oc.columns(['rule_id', 'watch_id']).where('ended_at', 'is', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!episode) return null;
    await enqueueDelivery(trx, { ...delivery(episode), idempotency_key: spikeDeliveryKey(episode) });
    return episode;
  });
}

/** The outbox key of a spike's alert: one per (rule, watch, episode). */
export function spikeDeliveryKey(spike: Pick<WatchSpike, 'rule_id' | 'watch_id' | 'id'>): string {
  return `spike-rule-${spike.rule_id}-watch-${spike.watch_id}-episode-${spike.id}`;
}

/** Records a higher count seen while a spike lasts. */
export async function raiseSpikePeak(db: Db, id: number, count: number): Promise<void> {
  await db.updateTable('watch_spikes').set({ peak_count: count }).where('id', '=', id).where('peak_count', '<', count).execute();
}

/** Ends these spikes (the rate fell back under the threshold, or the rule no longer covers the watch). */
export async function endWatchSpikes(db: Db, ids: readonly number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('watch_spikes').set({ ended_at: at }).where('id', '=', anyInteger(ids)).where('ended_at', 'is', null).execute();
}

/** The newest match's id (0 when there is none): the spike checker looks again when it moves. */
export async function latestMatchId(db: Db): Promise<number> {
  const row = await db.selectFrom('matches').select(sql<number>`coalesce(max(id), 0)`.as('id')).executeTakeFirstOrThrow();
  return Number(row.id);
}
