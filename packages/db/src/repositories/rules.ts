import type { Kysely, Transaction } from 'kysely';
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

/** Enabled instant rules on enabled channels that cover any of these watches (or all watches). */
export async function listInstantRulesForWatches(db: Db, watchIds: number[]): Promise<Rule[]> {
  if (watchIds.length === 0) return [];
  return db
    .selectFrom('rules')
    .innerJoin('channels', 'channels.id', 'rules.channel_id')
    .selectAll('rules')
    .where('rules.enabled', '=', true)
    .where('channels.enabled', '=', true)
    .where('rules.mode', '=', 'instant')
    .where((eb) => eb.or([eb('rules.watch_id', 'is', null), eb('rules.watch_id', 'in', watchIds)]))
    .orderBy('rules.id')
    .execute();
}
