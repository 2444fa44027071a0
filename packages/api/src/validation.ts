import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError, notFound } from './errors';

/** Largest value of the `serial` ids of every table (PostgreSQL `integer`). */
export const MAX_ROW_ID = 2_147_483_647;

/** Where in `value` a string (or an object key) holds U+0000, as `a.b.0`; null when none does. */
function findNul(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || 'body' : null;
  if (value === null || typeof value !== 'object' || value instanceof Blob) return null;
  for (const [key, item] of Object.entries(value)) {
    const where = key.includes('\u0000') ? [...path, key.replaceAll('\u0000', '\\0')].join('.') : findNul(item, [...path, key]);
    if (where !== null) return where;
  }
  return null;
}

/**
 * The one rule for U+0000 in request input: PostgreSQL cannot store it in text, so any JSON
 * value, query parameter or form field holding one is refused with 422 naming the field
 * (it used to reach the database and come back as a 500). Nothing is silently stripped.
 */
export function refuseNul(value: unknown): void {
  const where = findNul(value);
  if (where !== null) throw new ApiError(422, 'invalid_request', `${where}: must not contain the NUL character (U+0000)`);
}

/** Parses a JSON body with a zod schema; a bad body is a 400 naming the field. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, 'invalid_request', 'Body must be JSON');
  }
  refuseNul(body);
  return check(schema, body);
}

/**
 * Checks a value against a zod schema: a violation is a 400 naming the field, or a 422 when the
 * failed check marks itself `params: { status: 422 }` (well-formed, but refused by a limit).
 */
export function check<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    const status = issue.code === 'custom' && issue.params?.status === 422 ? 422 : 400;
    throw new ApiError(status, 'invalid_request', `${where}${issue.message}`);
  }
  return parsed.data;
}

/** Route ids are positive integers; anything else cannot name a row, so it is a 404. */
export function parseId(raw: string | undefined, what: string): number {
  if (!raw || !/^\d{1,9}$/.test(raw)) throw notFound(what);
  return Number(raw);
}

/** An id given in a body: a number or a numeric string, within the range of a row id. */
export const idSchema = z
  .union([
    z.number().int().positive().max(MAX_ROW_ID),
    z
      .string()
      .regex(/^\d{1,10}$/)
      .transform(Number)
      .refine((id) => id >= 1 && id <= MAX_ROW_ID, 'must be a row id'),
  ])
  .meta({ description: 'A row id, as a number or a numeric string' });

/**
 * A date a query can compare with stored timestamps: ISO 8601, years 1 to 9999. Further out
 * (`99999-01-01`, `-000001-01-01`) JavaScript parses it but PostgreSQL does not take it back.
 */
export function isStorableDate(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1 && year <= 9999;
}

/** A date query parameter (`since`, `until`): 400 unless {@link isStorableDate}. */
export const dateParamSchema = z
  .string()
  .transform((v) => new Date(v))
  .refine(isStorableDate, 'must be an ISO 8601 date between the years 1 and 9999');
