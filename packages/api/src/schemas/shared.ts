import { z } from 'zod';

/*
 * Shapes every resource's JSON shares (DESIGN §7). They describe answers, so they carry no
 * parsing rules: the OpenAPI document is generated from them, and the serializers are typed
 * by them, so an answer cannot drift from its documentation.
 */

/** A row id in an answer: the same number on both database backends. */
export const jsonRowId = z.int().positive();

/** A point in time in an answer: ISO 8601 in UTC. */
export const jsonTimestamp = z.string().meta({ format: 'date-time' });

/** A text span of a match: UTF-16 offsets into the field's text. */
export const spanJsonSchema = z.object({ field: z.string(), start: z.int(), end: z.int() }).meta({ description: 'UTF-16 offsets into the field text' });

/** One page of a list: every list answers `{ items, nextCursor? }`. */
export function listJsonSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` for the next page; absent on the last' }) });
}

/** The error body of every failure: `{ error: { code, message } }`, plus details on some. */
export const errorJsonSchema = z.object({
  error: z.object({
    code: z
      .string()
      .meta({ description: 'invalid_request, invalid_query, not_found, conflict, unauthorized, forbidden, rate_limited, payload_too_large or internal' }),
    message: z.string(),
    position: z.int().optional().meta({ description: 'invalid_query only: character offset' }),
    feedId: z.int().optional().meta({ description: 'conflict on a feed URL: the feed that has it' }),
    ruleId: z.int().optional().meta({ description: 'conflict on a rule: the identical rule that exists' }),
  }),
});

/** The answer to "do this soon" (refresh a feed, retry a delivery): 202 with what was queued. */
export const queuedJsonSchema = z.object({ id: jsonRowId, status: z.string() });
