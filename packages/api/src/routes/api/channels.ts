import { generateWebhookSecret, isWebhookSecret } from '@newswatch/alerts';
import { createChannel, deleteChannel, findChannelById, listChannels, updateChannel } from '@newswatch/db';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError, notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { channelJson } from '../../serialize/json';
import { parseId, readJson } from '../../validation';
import { feedUrlSchema } from './feeds';

const webhookSchema = z.object({
  kind: z.literal('webhook'),
  name: z.string().trim().min(1).max(200),
  url: feedUrlSchema,
  format: z.enum(['json', 'slack', 'discord', 'teams']).default('json'),
  secret: z.string().refine(isWebhookSecret, 'must be whsec_ followed by 24 to 64 bytes in base64').optional(),
  rateLimitPerMinute: z.number().int().min(1).max(1000).nullable().optional(),
  enabled: z.boolean().optional(),
});
const emailSchema = z.object({
  kind: z.literal('email'),
  name: z.string().trim().min(1).max(200),
  to: z.array(z.email()).min(1).max(50),
  rateLimitPerMinute: z.number().int().min(1).max(1000).nullable().optional(),
  enabled: z.boolean().optional(),
});
const createSchema = z.discriminatedUnion('kind', [webhookSchema, emailSchema]);
const patchSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    url: feedUrlSchema,
    format: webhookSchema.shape.format,
    to: emailSchema.shape.to,
    rateLimitPerMinute: z.number().int().min(1).max(1000).nullable(),
    enabled: z.boolean(),
  })
  .partial();

/** `/api/v1/channels`: where alerts go. A webhook's secret is returned once, at creation. */
export function channelRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ items: (await listChannels(db)).map(channelJson) }))
    .post('/', async (c) => {
      const body = await readJson(c, createSchema);
      if (body.kind === 'webhook') {
        const secret = body.format === 'json' ? (body.secret ?? generateWebhookSecret()) : null;
        const channel = await createChannel(db, {
          kind: 'webhook',
          name: body.name,
          config: { url: body.url, format: body.format },
          secret,
          rate_limit_per_minute: body.rateLimitPerMinute ?? null,
          enabled: body.enabled ?? true,
        });
        return c.json({ ...channelJson(channel), ...(secret ? { secret } : {}) }, 201);
      }
      const channel = await createChannel(db, {
        kind: 'email',
        name: body.name,
        config: { to: body.to },
        secret: null,
        rate_limit_per_minute: body.rateLimitPerMinute ?? null,
        enabled: body.enabled ?? true,
      });
      return c.json(channelJson(channel), 201);
    })
    .get('/:id', async (c) => {
      const channel = await findChannelById(db, parseId(c.req.param('id'), 'Channel'));
      if (!channel) throw notFound('Channel');
      return c.json(channelJson(channel));
    })
    .patch('/:id', async (c) => {
      const id = parseId(c.req.param('id'), 'Channel');
      const body = await readJson(c, patchSchema);
      const existing = await findChannelById(db, id);
      if (!existing) throw notFound('Channel');
      if (existing.kind === 'email' && (body.url || body.format)) throw new ApiError(400, 'invalid_request', 'url and format apply to webhook channels');
      if (existing.kind === 'webhook' && body.to) throw new ApiError(400, 'invalid_request', 'to applies to email channels');
      const config = {
        ...existing.config,
        ...(body.url ? { url: body.url } : {}),
        ...(body.format ? { format: body.format } : {}),
        ...(body.to ? { to: body.to } : {}),
      };
      const channel = await updateChannel(db, id, {
        config,
        ...(body.name ? { name: body.name } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        ...(body.rateLimitPerMinute !== undefined ? { rate_limit_per_minute: body.rateLimitPerMinute } : {}),
      });
      return c.json(channelJson(channel!));
    })
    .delete('/:id', async (c) => {
      if (!(await deleteChannel(db, parseId(c.req.param('id'), 'Channel')))) throw notFound('Channel');
      return c.body(null, 204);
    })
    .post('/:id/test', async (c) => {
      const id = parseId(c.req.param('id'), 'Channel');
      if (!(await findChannelById(db, id))) throw notFound('Channel');
      if (!deps.testChannel) throw new ApiError(400, 'invalid_request', 'This process cannot send alerts');
      return c.json(await deps.testChannel(id));
    });
}
