import { generateWebhookSecret } from '@newswatch/alerts';
import { type Channel, createChannel, type Database, type Kysely } from '@newswatch/db';
import type { z } from 'zod';
import type { channelCreateSchema } from '../schemas/channel';

/**
 * Stores a checked new channel (from the API or the channel editor). A webhook in the signed
 * JSON format gets its secret now, generated unless one was given: it is returned this once,
 * to be shown once, and afterwards only as a hint.
 */
export async function addChannel(db: Kysely<Database>, input: z.output<typeof channelCreateSchema>): Promise<{ channel: Channel; secret: string | null }> {
  const secret = input.kind === 'webhook' && input.format === 'json' ? (input.secret ?? generateWebhookSecret()) : null;
  const channel = await createChannel(db, {
    kind: input.kind,
    name: input.name,
    config: input.kind === 'webhook' ? { url: input.url, format: input.format } : { to: input.to },
    secret,
    rate_limit_per_minute: input.rateLimitPerMinute ?? null,
    enabled: input.enabled ?? true,
  });
  return { channel, secret };
}
