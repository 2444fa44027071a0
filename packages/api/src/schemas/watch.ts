import { z } from 'zod';
import { jsonRowId, jsonTimestamp, spanJsonSchema } from './shared';
import { storyJsonSchema } from './story';

/** A watch query's source text; whether it compiles is checked by the query language itself. */
export const watchQuerySchema = z.string().min(1).max(4000);

/** `POST /watches` and the watch editor: a named, saved query. */
export const watchCreateSchema = z.object({
  name: z.string().trim().min(1).max(200),
  query: watchQuerySchema,
  enabled: z.boolean().optional(),
});

/** `PATCH /watches/:id`: any of the fields. */
export const watchPatchSchema = watchCreateSchema.partial();

/** `POST /watches/preview`: a query to try against stored stories before saving it. */
export const watchPreviewRequestSchema = z.object({ query: watchQuerySchema });

/** A saved watch, as the API answers it. */
export const watchJsonSchema = z.object({
  id: jsonRowId,
  name: z.string(),
  query: z.string(),
  enabled: z.boolean(),
  createdAt: jsonTimestamp,
  updatedAt: jsonTimestamp,
  lastError: z
    .string()
    .nullable()
    .meta({ description: 'Why the watch was last skipped: its query no longer compiles, or it failed on a story. Cleared when the query is edited.' }),
  lastErrorAt: jsonTimestamp.nullable(),
});

/** What a query would match among the stories of the last days, before it is saved. */
export const watchPreviewJsonSchema = z.object({
  days: z.int().meta({ description: 'Days looked back' }),
  scanned: z.int().meta({ description: 'Stored stories read' }),
  total: z.int().meta({ description: 'Stories the query matches' }),
  skipped: z.int().meta({ description: 'Stories the query could not be matched against within its work budget' }),
  complete: z.boolean().meta({ description: 'False when the preview stopped at its time limit before reading every story of the window' }),
  perDay: z.array(z.object({ date: z.string().meta({ format: 'date' }), count: z.int() })).meta({ description: 'Matches per UTC day, oldest first' }),
  items: z.array(
    storyJsonSchema
      .pick({ id: true, title: true, url: true, feedId: true, feedTitle: true, publishedAt: true, summary: true })
      .extend({ spans: z.array(spanJsonSchema).meta({ description: 'What the query matched' }) }),
  ),
});

export type WatchJson = z.input<typeof watchJsonSchema>;
export type WatchPreviewJson = z.input<typeof watchPreviewJsonSchema>;
