import { deleteChannel, findChannelById, listChannels, updateChannel } from '@newswatch/db';
import { Hono } from 'hono';
import { ApiError, notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { channelCreateSchema, channelPatchSchema } from '../../schemas/channel';
import { channelJson } from '../../serialize/json';
import { addChannel } from '../../services/new-channel';
import { parseId, readJson } from '../../validation';

/** `/api/v1/channels`: where alerts go. A webhook's secret is returned once, at creation. */
export function channelRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ items: (await listChannels(db)).map(channelJson) }))
    .post('/', async (c) => {
      const { channel, secret } = await addChannel(db, await readJson(c, channelCreateSchema));
      return c.json({ ...channelJson(channel), ...(secret ? { secret } : {}) }, 201);
    })
    .get('/:id', async (c) => {
      const channel = await findChannelById(db, parseId(c.req.param('id'), 'Channel'));
      if (!channel) throw notFound('Channel');
      return c.json(channelJson(channel));
    })
    .patch('/:id', async (c) => {
      const id = parseId(c.req.param('id'), 'Channel');
      const body = await readJson(c, channelPatchSchema);
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
