import { sql, type RawBuilder } from 'kysely';

/*
 * Integer arrays as one statement parameter, written as PostgreSQL's array text ourselves:
 * node-postgres builds that text element by element (each number quoted, escaped and
 * concatenated), and a 100,000-story poll cycle sent arrays of millions of term numbers, ids
 * and lock keys — over a gigabyte of short-lived strings. Only for finite integers.
 */

/** `values` as an `integer[]` parameter. */
export function integerArray(values: readonly number[]): RawBuilder<number[]> {
  return sql<number[]>`${`{${values.join(',')}}`}::integer[]`;
}

/** `values` as a `bigint[]` parameter (integers within ±2^53). */
export function bigintArray(values: readonly number[]): RawBuilder<number[]> {
  return sql<number[]>`${`{${values.join(',')}}`}::bigint[]`;
}
