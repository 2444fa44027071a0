import { normalizeFeedUrl } from '@newswatch/db';
import { z } from 'zod';
import { jsonRowId, jsonTimestamp } from './shared';

/**
 * An http(s) URL in the stored form of {@link normalizeFeedUrl}, so spellings of one feed meet
 * the unique index as one. Over the length cap it is a 422 (refused by a limit), otherwise 400.
 */
export const feedUrlSchema = z
  .string()
  .transform((value, ctx) => {
    const checked = normalizeFeedUrl(value);
    if (checked.ok) return checked.url;
    ctx.addIssue({ code: 'custom', message: checked.reason, ...(checked.tooLong ? { params: { status: 422 } } : {}) });
    return z.NEVER;
  })
  .meta({ format: 'uri', description: 'An http:// or https:// URL of at most 2,048 characters' });

const title = z.string().trim().min(1).max(300);

/** `POST /feeds` and the "add feed" form: subscribe to a URL, optionally under a title of one's own. */
export const feedCreateSchema = z.object({ url: feedUrlSchema, title: title.optional() });

/** `PATCH /feeds/:id`: any of the fields; a null title falls back to the feed's own. */
export const feedPatchSchema = z
  .object({
    url: feedUrlSchema,
    title: title.nullable(),
    enabled: z.boolean(),
    pollIntervalS: z.int().min(60).max(86_400).nullable().meta({ description: 'Seconds between polls; null = adaptive' }),
  })
  .partial();

/** A subscription and its health, as the API answers it. */
export const feedJsonSchema = z.object({
  id: jsonRowId,
  url: z.string(),
  title: z.string().nullable(),
  siteUrl: z.string().nullable(),
  enabled: z.boolean(),
  pollIntervalS: z.int().nullable(),
  nextPollAt: jsonTimestamp,
  lastStatus: z.int().nullable(),
  lastFetchedAt: jsonTimestamp.nullable(),
  lastSuccessAt: jsonTimestamp.nullable(),
  consecutiveFailures: z.int(),
  failingSince: jsonTimestamp.nullable(),
  lastError: z.string().nullable(),
  createdAt: jsonTimestamp,
  websub: z
    .object({
      hub: z.string(),
      state: z.enum(['pending', 'active', 'denied', 'failed']).nullable().meta({ description: 'null: not asked yet' }),
      leaseUntil: jsonTimestamp.nullable().meta({ description: 'active: end of the lease; otherwise when the hub is asked again' }),
      error: z.string().nullable(),
    })
    .nullable()
    .meta({ description: 'WebSub push subscription, when the feed advertises a hub and PUBLIC_URL is set' }),
});

/** The answer to an OPML import: counts, and each outline that could not be subscribed. */
export const feedImportJsonSchema = z.object({
  added: z.int(),
  skipped: z.int().meta({ description: 'Already subscribed, or listed twice' }),
  invalid: z.array(z.object({ url: z.string(), reason: z.string() })),
  total: z.int().meta({ description: 'Feed outlines in the document: added + skipped + invalid' }),
});

export type FeedJson = z.input<typeof feedJsonSchema>;
