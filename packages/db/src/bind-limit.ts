import { sql, type RawBuilder } from 'kysely';
import { integerArray } from './array-parameter';

/*
 * PostgreSQL's extended protocol counts a statement's bind parameters in 16 bits: a multi-row
 * INSERT of 17 columns holds 3,855 rows at most, and one more row fails the whole statement
 * ("bind message has 38928 parameter formats but 0 parameters") — on PGlite too. Every
 * statement whose size grows with its input goes through one of these two helpers instead.
 */

/** Bind parameters one statement may carry (PostgreSQL's wire-protocol limit). */
export const MAX_BIND_PARAMETERS = 65_535;

/* Kept for the parameters a chunked statement has besides its rows (a watch id, an owner…). */
const RESERVED_PARAMETERS = 535;

/**
 * Splits `rows` into consecutive runs of at most as many rows as fit one statement binding
 * `parametersPerRow` each; one run when they all fit.
 */
export function chunkForBind<T>(rows: readonly T[], parametersPerRow: number): T[][] {
  const size = Math.max(1, Math.floor((MAX_BIND_PARAMETERS - RESERVED_PARAMETERS) / Math.max(1, parametersPerRow)));
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}

/**
 * Runs a multi-row statement over `rows` in as few statements as the bind limit allows, one
 * after another (in the caller's transaction, if any), and concatenates what they return in
 * row order. `parametersPerRow` defaults to the number of distinct columns of the rows, which
 * is what a Kysely `insertInto(…).values(rows)` binds per row.
 */
export async function inChunks<T, R>(
  rows: readonly T[],
  statement: (chunk: T[]) => Promise<readonly R[]>,
  parametersPerRow: number = columnCount(rows),
): Promise<R[]> {
  const results: R[] = [];
  for (const chunk of chunkForBind(rows, parametersPerRow)) results.push(...(await statement(chunk)));
  return results;
}

/**
 * `= any(…)` over integer ids as one array parameter: `where('id', '=', anyInteger(ids))`
 * stays one parameter however many ids there are, and plans like `in (…)` (PostgreSQL turns
 * an IN list into the same array comparison). An empty list matches nothing.
 */
export function anyInteger(ids: readonly number[]): RawBuilder<number> {
  return sql<number>`any(${integerArray(ids)})`;
}

function columnCount(rows: readonly unknown[]): number {
  const columns = new Set<string>();
  for (const row of rows) if (row !== null && typeof row === 'object') for (const key of Object.keys(row)) columns.add(key);
  return Math.max(1, columns.size);
}
