import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import { bigintArray } from '../array-parameter';

/*
 * The cluster locks (ingest's cluster-lock-keys.ts): two writers placing copies of one new
 * event take the same keys, so the second waits, then sees the first's cluster and joins it
 * instead of starting another. Held by a placing transaction until it ends, or, for a chain
 * of placements (ingest's placement-turns.ts), by a connection of their own until each
 * placement has committed. PGlite has one connection: its transactions never overlap, and
 * the locks cost next to nothing.
 */

/**
 * Holds, until the transaction ends, a lock on each of these keys (a canonical URL's or a rare
 * term's hash). Taken in key order, so two writers never wait on each other in a cycle.
 */
export async function lockClusterKeys(db: Transaction<Database>, keys: readonly number[]): Promise<void> {
  if (keys.length === 0) return;
  await sql`select pg_advisory_xact_lock(k) from unnest(${bigintArray(sortedKeys(keys))}) with ordinality as u(k, n) order by n`.execute(db);
}

/**
 * Takes a lock on each of these keys for `connection`'s session, waiting for none: true when
 * it holds them all; false, holding none of them more than before, when another session holds
 * one. A session holding a key takes it again (and must release it as often). Taking without
 * waiting is what lets a session that holds keys take more: waiting then could close a cycle
 * with a writer waiting for a key it holds.
 */
export async function tryLockClusterKeysForSession(connection: Kysely<Database>, keys: readonly number[]): Promise<boolean> {
  if (keys.length === 0) return true;
  const { rows } = await sql<{ k: string; taken: boolean }>`
    select k::text, pg_try_advisory_lock(k) as taken from unnest(${bigintArray(sortedKeys(keys))}) with ordinality as u(k, n) order by n`.execute(connection);
  if (rows.every((row) => row.taken)) return true;
  await unlockClusterKeysForSession(
    connection,
    rows.filter((row) => row.taken).map((row) => Number(row.k)),
  );
  return false;
}

/** Takes a lock on each of these keys for `connection`'s session, in key order, waiting for each: only while it holds no other. */
export async function lockClusterKeysForSession(connection: Kysely<Database>, keys: readonly number[]): Promise<void> {
  if (keys.length === 0) return;
  await sql`select pg_advisory_lock(k) from unnest(${bigintArray(sortedKeys(keys))}) with ordinality as u(k, n) order by n`.execute(connection);
}

/** Releases one hold of each of these keys by `connection`'s session. */
export async function unlockClusterKeysForSession(connection: Kysely<Database>, keys: readonly number[]): Promise<void> {
  if (keys.length === 0) return;
  await sql`select pg_advisory_unlock(k) from unnest(${bigintArray([...new Set(keys)])}) as u(k)`.execute(connection);
}

/** Releases every session lock `connection` holds: before it goes back to the pool. */
export async function unlockAllForSession(connection: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_unlock_all()`.execute(connection);
}

function sortedKeys(keys: readonly number[]): number[] {
  return [...new Set(keys)].sort((a, b) => a - b);
}
