import { createFeed, deleteFeed, findFeedById, findFeedByUrl, listFeeds, markFeedDueNow, updateFeed } from '@newswatch/db';
import { Hono } from 'hono';
import { ApiError, notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { feedCreateSchema, feedPatchSchema } from '../../schemas/feed';
import { feedJson } from '../../serialize/json';
import { parseId, readJson } from '../../validation';

/** The 409 for a URL another feed already has, naming that feed so the client can use it. */
async function alreadySubscribed(db: AppDeps['db'], url: string): Promise<ApiError> {
  const existing = await findFeedByUrl(db, url);
  const which = existing ? ` as feed ${existing.id}` : '';
  return new ApiError(409, 'conflict', `Already subscribed to ${url}${which}`, existing ? { feedId: existing.id } : {});
}

/** Name of a download of the subscriptions, dated so successive exports do not overwrite each other. */
export const opmlFileName = (now: Date) => `newswatch-feeds-${now.toISOString().slice(0, 10)}.opml`;

/** `/api/v1/feeds`: subscribe, list, inspect, change, remove, poll now, OPML import and export. */
export function feedRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ items: (await listFeeds(db)).map(feedJson) }))
    .post('/', async (c) => {
      const body = await readJson(c, feedCreateSchema);
      const feed = await createFeed(db, { url: body.url, title: body.title ?? null });
      if (!feed) throw await alreadySubscribed(db, body.url);
      deps.onFeedDue?.(feed.id);
      return c.json(feedJson(feed), 201);
    })
    .post('/import', async (c) => {
      if (!deps.opml) throw new ApiError(501, 'internal', 'OPML import is not available in this process');
      const contentType = c.req.header('content-type') ?? null;
      if (contentType && /json|form/i.test(contentType)) {
        throw new ApiError(415, 'invalid_request', 'Send the OPML document itself as the body, with content-type text/xml or application/xml');
      }
      const body = new Uint8Array(await c.req.arrayBuffer());
      if (body.length === 0) throw new ApiError(400, 'invalid_request', 'The body is empty: send the OPML document');
      const outcome = await deps.opml.importDocument(body, contentType);
      if (!outcome.ok) throw new ApiError(422, 'invalid_request', outcome.error);
      const { addedIds, ...summary } = outcome.result;
      if (addedIds.length > 0) deps.onFeedDue?.(addedIds[0]!);
      return c.json(summary);
    })
    .get('/export', async (c) => {
      if (!deps.opml) throw new ApiError(501, 'internal', 'OPML export is not available in this process');
      return c.body(await deps.opml.exportDocument(), 200, {
        'content-type': 'application/xml; charset=utf-8',
        'content-disposition': `attachment; filename="${opmlFileName(new Date())}"`,
      });
    })
    .get('/:id', async (c) => {
      const feed = await findFeedById(db, parseId(c.req.param('id'), 'Feed'));
      if (!feed) throw notFound('Feed');
      return c.json(feedJson(feed));
    })
    .patch('/:id', async (c) => {
      const id = parseId(c.req.param('id'), 'Feed');
      const body = await readJson(c, feedPatchSchema);
      const feed = await updateFeed(db, id, {
        ...(body.url !== undefined ? { url: body.url } : {}),
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        ...(body.pollIntervalS !== undefined ? { poll_interval_s: body.pollIntervalS } : {}),
      }).catch(async (error: unknown) => {
        if ((error as { code?: string }).code === '23505' && body.url !== undefined) throw await alreadySubscribed(db, body.url);
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
