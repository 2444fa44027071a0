import { createFeed, deleteFeed, findFeedById, listFeeds, markFeedDueNow, updateFeed } from '@newswatch/db';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError, notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { feedJson } from '../../serialize/json';
import { parseId, readJson } from '../../validation';

export const feedUrlSchema = z
  .string()
  .trim()
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');

const createSchema = z.object({ url: feedUrlSchema, title: z.string().trim().min(1).max(300).optional() });
const patchSchema = z
  .object({
    url: feedUrlSchema,
    title: z.string().trim().min(1).max(300).nullable(),
    enabled: z.boolean(),
    pollIntervalS: z.number().int().min(60).max(86_400).nullable(),
  })
  .partial();

/** `/api/v1/feeds`: subscribe, list, inspect, change, remove, poll now. */
export function feedRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ items: (await listFeeds(db)).map(feedJson) }))
    .post('/', async (c) => {
      const body = await readJson(c, createSchema);
      const feed = await createFeed(db, { url: new URL(body.url).toString(), title: body.title ?? null });
      if (!feed) throw new ApiError(409, 'conflict', `Already subscribed to ${body.url}`);
      deps.onFeedDue?.(feed.id);
      return c.json(feedJson(feed), 201);
    })
    .get('/:id', async (c) => {
      const feed = await findFeedById(db, parseId(c.req.param('id'), 'Feed'));
      if (!feed) throw notFound('Feed');
      return c.json(feedJson(feed));
    })
    .patch('/:id', async (c) => {
      const id = parseId(c.req.param('id'), 'Feed');
      const body = await readJson(c, patchSchema);
      const feed = await updateFeed(db, id, {
        ...(body.url !== undefined ? { url: new URL(body.url).toString() } : {}),
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        ...(body.pollIntervalS !== undefined ? { poll_interval_s: body.pollIntervalS } : {}),
      }).catch((error: unknown) => {
        if ((error as { code?: string }).code === '23505') throw new ApiError(409, 'conflict', 'Another feed has that URL');
        throw error;
      });
      if (!feed) throw notFound('Feed');
      return c.json(feedJson(feed));
    })
    .delete('/:id', async (c) => {
      if (!(await deleteFeed(db, parseId(c.req.param('id'), 'Feed')))) throw notFound('Feed');
      return c.body(null, 204);
    })
    .post('/:id/refresh', async (c) => {
      const id = parseId(c.req.param('id'), 'Feed');
      if (!(await markFeedDueNow(db, id))) throw notFound('Feed');
      deps.onFeedDue?.(id);
      return c.json({ id, status: 'queued' }, 202);
    });
}
