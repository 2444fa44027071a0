import { describeClusters, listClusterStoryRows, listMatchesForStories } from '@newswatch/db';
import { Hono } from 'hono';
import { ApiError, notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { clusterJson } from '../../serialize/json';
import { MAX_ROW_ID } from '../../validation';

/** A cluster id in a path: a positive integer within the row id range; anything else cannot be one (422). */
function parseClusterId(raw: string): number {
  const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(id <= MAX_ROW_ID)) throw new ApiError(422, 'invalid_request', 'id: must be a cluster id (a positive integer)');
  return id;
}

/** `/api/v1/clusters/:id`: one news event, with every story that carried it. */
export function clusterRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>().get('/:id', async (c) => {
    const id = parseClusterId(c.req.param('id'));
    const [[summary], members] = await Promise.all([describeClusters(db, [id]).then((found) => [...found.values()]), listClusterStoryRows(db, id)]);
    if (!summary || members.length === 0) throw notFound('Cluster');
    const matches = await listMatchesForStories(
      db,
      members.map((s) => s.id),
    );
    return c.json(clusterJson(summary, members, matches));
  });
}
