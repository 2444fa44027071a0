import { z } from 'zod';
import { jsonRowId, jsonTimestamp, spanJsonSchema } from './shared';

/** A story's triage state. */
export const storyStateSchema = z.enum(['new', 'reviewed', 'starred', 'dismissed']);

/** `PATCH /stories/:id` and the story page's triage buttons. */
export const storyPatchSchema = z.object({ state: storyStateSchema });

/** A stored story with its cluster, triage state and the watches it matched, as the API answers it. */
export const storyJsonSchema = z.object({
  id: jsonRowId,
  title: z.string(),
  url: z.string().nullable(),
  feedId: jsonRowId,
  feedTitle: z.string().nullable(),
  publishedAt: jsonTimestamp,
  fetchedAt: jsonTimestamp,
  clusterId: z.int().nullable(),
  clusterSize: z.int().meta({ description: 'Stories in its cluster (copies of one event)' }),
  sourcesCount: z.int().meta({ description: 'Outlets carrying the cluster' }),
  state: storyStateSchema,
  author: z.string().nullable(),
  summary: z.string(),
  matches: z.array(z.object({ watchId: jsonRowId, watchName: z.string(), spans: z.array(spanJsonSchema) })),
});

/** One story on its own: its sanitized HTML too. */
export const storyDetailJsonSchema = storyJsonSchema.extend({ contentHtml: z.string() });

/** The answer to a triage change. */
export const storyStateJsonSchema = z.object({ id: jsonRowId, state: storyStateSchema });

export type StoryJson = z.input<typeof storyJsonSchema>;
