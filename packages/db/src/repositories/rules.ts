import type { Kysely, Transaction } from 'kysely';
import { anyInteger, inChunks } from '../bind-limit';
import type { Database } from '../database';
import type { NewRule, Rule, RuleUpdate } from '../schema/alert';

type Db = Kysely<Database> | Transaction<Database>;

export async function createRule(db: Db, rule: NewRule): Promise<Rule> {
  return db.insertInto('rules').values(rule).returningAll().executeTakeFirstOrThrow();
}

export async function findRuleById(db: Db, id: number): Promise<Rule | undefined> {
  return db.selectFrom('rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listRules(db: Db): Promise<Rule[]> {
  return db.selectFrom('rules').selectAll().orderBy('id').execute();
}

export async function updateRule(db: Db, id: number, update: RuleUpdate): Promise<Rule | undefined> {
  return db.updateTable('rules').set(update).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteRule(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('rules').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A rule with the watches it covers: null means every watch. */
export type RuleWithWatches = Rule & { watch_ids: number[] | null };

/** The watches each rule covers (its single watch_id, its rule_watches rows, or null for all). */
export async function attachRuleWatches(db: Db, rules: Rule[]): Promise<RuleWithWatches[]> {
  const ids = rules.filter((r) => r.watch_id === null).map((r) => r.id);
  const rows = ids.length ? await db.selectFrom('rule_watches').selectAll().where('rule_id', '=', anyInteger(ids)).execute() : [];
  return rules.map((rule) => {
    if (rule.watch_id !== null) return { ...rule, watch_ids: [rule.watch_id] };
    const listed = rows.filter((r) => r.rule_id === rule.id).map((r) => r.watch_id);
    return { ...rule, watch_ids: listed.length ? listed : null };
  });
}

/** Replaces the watches of a rule that covers several (empty list: one watch_id or all). */
export async function setRuleWatches(db: Db, ruleId: number, watchIds: number[]): Promise<void> {
  await db.deleteFrom('rule_watches').where('rule_id', '=', ruleId).execute();
  await inChunks(
    watchIds.map((watch_id) => ({ rule_id: ruleId, watch_id })),
    (chunk) => db.insertInto('rule_watches').values(chunk).execute(),
  );
}

/** Every enabled instant rule on an enabled channel: a batch of new stories reads them once. */
export function listInstantRules(db: Db): Promise<RuleWithWatches[]> {
  return listRulesByMode(db, 'instant');
}

/** Enabled rules of one mode on enabled channels. */
export async function listRulesByMode(db: Db, mode: Rule['mode']): Promise<RuleWithWatches[]> {
  const rules = await db
    .selectFrom('rules')
    .innerJoin('channels', 'channels.id', 'rules.channel_id')
    .selectAll('rules')
    .where('rules.enabled', '=', true)
    .where('channels.enabled', '=', true)
    .where('rules.mode', '=', mode)
    .orderBy('rules.id')
    .execute();
  return attachRuleWatches(db, rules);
}

/** What makes two rules the same alerting: everything but their on/off and mute state. */
export type RuleShape = Pick<
  Rule,
  'channel_id' | 'mode' | 'schedule' | 'timezone' | 'failing_hours' | 'min_sources' | 'mute_policy' | 'spike_window' | 'spike_factor' | 'spike_min_count'
> & {
  /** The watches covered, in any order; null for every watch. */
  watch_ids: number[] | null;
};

/**
 * An existing rule (other than `exceptId`) with this shape: the same channel, watch set, mode
 * and options. A second such rule would only send every alert twice.
 */
export async function findTwinRule(db: Db, shape: RuleShape, exceptId?: number): Promise<RuleWithWatches | undefined> {
  const candidates = await db
    .selectFrom('rules')
    .selectAll()
    .where('channel_id', '=', shape.channel_id)
    .where('mode', '=', shape.mode)
    .where('min_sources', '=', shape.min_sources)
    .where('mute_policy', '=', shape.mute_policy)
    .where((eb) =>
      eb.and([
        eb('schedule', 'is not distinct from', shape.schedule),
        eb('timezone', 'is not distinct from', shape.timezone),
        eb('failing_hours', 'is not distinct from', shape.failing_hours),
        eb('spike_window', 'is not distinct from', shape.spike_window),
        eb('spike_factor', 'is not distinct from', shape.spike_factor),
        eb('spike_min_count', 'is not distinct from', shape.spike_min_count),
      ]),
    )
    .$if(exceptId !== undefined, (qb) => qb.where('id', '!=', exceptId!))
    .orderBy('id')
    .execute();
  const wanted = shape.watch_ids === null ? null : [...new Set(shape.watch_ids)].sort((a, b) => a - b).join(',');
  return (await attachRuleWatches(db, candidates)).find((rule) => {
    const covered = rule.watch_ids === null ? null : [...rule.watch_ids].sort((a, b) => a - b).join(',');
    return covered === wanted;
  });
}
