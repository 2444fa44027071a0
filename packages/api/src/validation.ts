import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError, notFound } from './errors';

/** Parses a JSON body with a zod schema; a bad body is a 400 naming the field. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, 'invalid_request', 'Body must be JSON');
  }
  return check(schema, body);
}

export function check<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ApiError(400, 'invalid_request', `${where}${issue.message}`);
  }
  return parsed.data;
}

/** Route ids are positive integers; anything else cannot name a row, so it is a 404. */
export function parseId(raw: string | undefined, what: string): number {
  if (!raw || !/^\d{1,9}$/.test(raw)) throw notFound(what);
  return Number(raw);
}

/** An id given in a body: a number or a numeric string. */
export const idSchema = z.union([z.number().int().positive(), z.string().regex(/^\d{1,9}$/).transform(Number)]);
