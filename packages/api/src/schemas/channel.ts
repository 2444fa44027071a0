import { isWebhookSecret } from '@newswatch/alerts';
import { z } from 'zod';
import { feedUrlSchema } from './feed';
import { jsonRowId, jsonTimestamp } from './shared';

const name = z.string().trim().min(1).max(200);
/** How a webhook's alerts are written. */
export const webhookFormatSchema = z
  .enum(['json', 'slack', 'discord', 'teams'])
  .meta({ description: 'json: signed Standard Webhooks; the others: chat presets' });
const to = z.array(z.email()).min(1).max(50);
const rateLimitPerMinute = z
  .int()
  .min(1)
  .max(1000)
  .nullable()
  .meta({ description: 'More alerts than this in a minute go out as one combined message; null = no limit' });

/** A webhook channel to create: where to post, in which format, signed with which secret. */
export const webhookChannelCreateSchema = z.object({
  kind: z.literal('webhook'),
  name,
  url: feedUrlSchema,
  format: webhookFormatSchema.default('json'),
  secret: z
    .string()
    .refine(isWebhookSecret, 'must be whsec_ followed by 24 to 64 bytes in base64')
    .optional()
    .meta({ description: 'json format only; generated when absent' }),
  rateLimitPerMinute: rateLimitPerMinute.optional(),
  enabled: z.boolean().optional(),
});

/** An e-mail channel to create: who receives the alerts. */
export const emailChannelCreateSchema = z.object({
  kind: z.literal('email'),
  name,
  to,
  rateLimitPerMinute: rateLimitPerMinute.optional(),
  enabled: z.boolean().optional(),
});

/** `POST /channels` and the channel editor: a webhook or an e-mail channel. */
export const channelCreateSchema = z.discriminatedUnion('kind', [webhookChannelCreateSchema, emailChannelCreateSchema]);

/** `PATCH /channels/:id`: any of the fields of its kind. */
export const channelPatchSchema = z.object({ name, url: feedUrlSchema, format: webhookFormatSchema, to, rateLimitPerMinute, enabled: z.boolean() }).partial();

/** Where alerts go, as the API answers it: a webhook's secret only as a hint. */
export const channelJsonSchema = z.object({
  id: jsonRowId,
  kind: z.enum(['webhook', 'email']),
  name: z.string(),
  url: z.string().nullable().optional().meta({ description: 'webhook only' }),
  format: webhookFormatSchema.optional().meta({ description: 'webhook only' }),
  to: z.array(z.string()).optional().meta({ description: 'email only' }),
  secretHint: z.string().nullable(),
  rateLimitPerMinute: z.int().nullable(),
  enabled: z.boolean(),
  createdAt: jsonTimestamp,
});

/** The answer to creating a channel: a signed webhook's whole secret, this once. */
export const channelCreatedJsonSchema = channelJsonSchema.extend({ secret: z.string().optional().meta({ description: 'Only in this answer' }) });

/** The real outcome of a test message. */
export const channelTestJsonSchema = z.object({
  ok: z.boolean(),
  statusCode: z.int().nullable(),
  error: z.string().nullable(),
  durationMs: z.int(),
});

export type ChannelJson = z.input<typeof channelJsonSchema>;
