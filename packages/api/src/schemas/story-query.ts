import { z } from 'zod';
import { dateParamSchema, idSchema } from '../validation';
import { storyStateSchema } from './story';

/** `GET /stories`: the filters of the story list; a bad one is a 400 naming it. */
export const storyListQuerySchema = z.object({
  watch: idSchema.optional().meta({ description: 'Only stories this watch matched' }),
  matched: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'true: only stories with a match' }),
  q: z.string().trim().min(1).max(500).optional().meta({ description: 'Full-text search' }),
  feed: idSchema.optional(),
  since: dateParamSchema.optional().meta({ format: 'date-time' }),
  until: dateParamSchema.optional().meta({ format: 'date-time' }),
  state: storyStateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional().meta({ description: 'nextCursor of the previous page' }),
});

const { shape } = storyListQuerySchema;

/**
 * The dashboard's filters (and its live stream's): the API's, read from a link rather than a
 * program, so a bad one is dropped instead of refused. Unmatched stories only with `all=1`.
 */
export const dashboardQuerySchema = z.object({
  watch: shape.watch.catch(undefined).transform((v) => v ?? null),
  state: shape.state.catch(undefined).transform((v) => v ?? null),
  q: shape.q.catch(undefined).transform((v) => v ?? ''),
  feed: shape.feed.catch(undefined).transform((v) => v ?? null),
  all: z
    .string()
    .optional()
    .transform((v) => v === '1'),
});
