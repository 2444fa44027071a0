import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { BacklogItem } from '../schema/story';

type Db = Kysely<Database> | Transaction<Database>;

/*
 * A first poll's items wait here until the poll cycle places them, oldest first, with every
 * other feed's backlog read in the same cycle (ingest's place-backlog.ts).
 */

/** A first-poll item to keep until its placement; `item` is what ingest read, as JSON. */
export interface NewBacklogItem {
  feed_id: number;
  dedupe_key: string;
  published_at: Date;
  item: unknown;
}

/**
 * Keeps first-poll items for placement; an item the feed already has waiting is left alone.
 * The rows travel as one JSON parameter, as stories do (story-inserts.ts).
 */
export async function addBacklogItems(db: Db, items: readonly NewBacklogItem[]): Promise<void> {
  if (items.length === 0) return;
  await sql`
    insert into backlog_items (feed_id, dedupe_key, published_at, item)
    select r.feed_id, r.dedupe_key, r.published_at, r.item
    from json_to_recordset(${JSON.stringify(items)}::json) as r(feed_id integer, dedupe_key text, published_at timestamptz, item json)
    on conflict (feed_id, dedupe_key) do nothing`.execute(db);
}

/**
 * Takes the `limit` oldest waiting items out of the backlog, in publication order, within the
 * caller's transaction: they are gone once it commits and back if it fails, so two processes
 * never place one item. Items another placer holds are skipped rather than waited for: the
 * two place different items at once.
 */
export async function takeOldestBacklogItems(db: Transaction<Database>, limit: number): Promise<BacklogItem[]> {
  const { rows } = await sql<BacklogItem>`
    delete from backlog_items where id in (
      select id from backlog_items order by published_at, id limit ${limit} for update skip locked)
    returning *`.execute(db);
  return inPublicationOrder(rows);
}

/** Takes every waiting item of one feed out of the backlog, in publication order (see `takeOldestBacklogItems`). */
export async function takeBacklogItemsOfFeed(db: Transaction<Database>, feedId: number): Promise<BacklogItem[]> {
  const { rows } = await sql<BacklogItem>`delete from backlog_items where feed_id = ${feedId} returning *`.execute(db);
  return inPublicationOrder(rows);
}

/** Drops one feed's waiting items: they cannot be stored. */
export async function dropBacklogItemsOfFeed(db: Db, feedId: number): Promise<number> {
  const result = await db.deleteFrom('backlog_items').where('feed_id', '=', feedId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Whether any item waits in the backlog: one index probe, so an idle poll cycle costs no transaction. */
export async function hasBacklogItems(db: Db): Promise<boolean> {
  const row = await db.selectFrom('backlog_items').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Oldest first; `delete … returning` gives no order. */
function inPublicationOrder(rows: BacklogItem[]): BacklogItem[] {
  return rows.sort((a, b) => a.published_at.getTime() - b.published_at.getTime() || a.id - b.id);
}
