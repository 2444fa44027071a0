import { createWatch, deleteWatch, findWatchById, listWatches, updateWatch } from '@newswatch/db';
import { Hono } from 'hono';
import { notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { watchCreateSchema, watchPatchSchema, watchPreviewRequestSchema, type WatchPreviewJson } from '../../schemas/watch';
import { watchJson } from '../../serialize/json';
import { parseId, readJson } from '../../validation';
import { previewQuery } from '../../services/watch-preview';
import { compileOr422 } from './query-errors';

/** `/api/v1/watches`: saved queries. */
export function watchRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ items: (await listWatches(db)).map(watchJson) }))
    .post('/', async (c) => {
      const body = await readJson(c, watchCreateSchema);
      compileOr422(body.query);
      const watch = await createWatch(db, { name: body.name, query: body.query, enabled: body.enabled ?? true });
      deps.onWatchChanged?.(watch.id);
      return c.json(watchJson(watch), 201);
    })
    .post('/preview', async (c) => {
      const body = await readJson(c, watchPreviewRequestSchema);
      return c.json((await previewQuery(db, compileOr422(body.query), { signal: c.req.raw.signal })) satisfies WatchPreviewJson);
    })
    .get('/:id', async (c) => {
      const watch = await findWatchById(db, parseId(c.req.param('id'), 'Watch'));
      if (!watch) throw notFound('Watch');
      return c.json(watchJson(watch));
    })
    .patch('/:id', async (c) => {
      const id = parseId(c.req.param('id'), 'Watch');
      const body = await readJson(c, watchPatchSchema);
      if (body.query !== undefined) compileOr422(body.query);
      const watch = await updateWatch(db, id, body);
      if (!watch) throw notFound('Watch');
      if (body.query !== undefined || body.enabled) deps.onWatchChanged?.(watch.id);
      return c.json(watchJson(watch));
    })
    .delete('/:id', async (c) => {
      if (!(await deleteWatch(db, parseId(c.req.param('id'), 'Watch')))) throw notFound('Watch');
      return c.body(null, 204);
    });
}
