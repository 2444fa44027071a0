import { z } from 'zod';
import { jsonRowId, jsonTimestamp } from './shared';
import { storyJsonSchema } from './story';

/** One news event: its coverage and every story of it, as `GET /clusters/:id` answers. */
export const clusterJsonSchema = z.object({
  id: jsonRowId,
  firstStoryId: jsonRowId.meta({ description: 'Its earliest published story: the headline the dashboard shows' }),
  size: z.int().meta({ description: 'Stories in the cluster, copies from one outlet included' }),
  outlets: z.int().meta({ description: 'Distinct outlets (feeds) carrying it' }),
  firstSeenAt: jsonTimestamp.meta({ description: 'When its first story was stored' }),
  lastSeenAt: jsonTimestamp.meta({ description: 'When its latest story was stored' }),
  firstPublishedAt: jsonTimestamp,
  lastPublishedAt: jsonTimestamp,
  stories: z.array(storyJsonSchema).meta({ description: 'Every story of it, earliest published first, in the shape of GET /stories' }),
});

export type ClusterJson = z.input<typeof clusterJsonSchema>;
