import { findStoryById, getStoryState, listMatchesForStories, listStoryPage, setStoryState, findClusterById, findFeedById } from '@newswatch/db';
import { Hono } from 'hono';
import { ApiError, notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { storyPatchSchema } from '../../schemas/story';
import { storyListQuerySchema } from '../../schemas/story-query';
import { storyJson } from '../../serialize/json';
import { check, parseId, readJson } from '../../validation';
import { decodeCursor, encodeCursor } from './cursor';

/** `/api/v1/stories`: every stored story, newest first, filterable; triage state. */
export function storyRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const query = check(storyListQuerySchema, c.req.query());
      const before = query.cursor ? decodeCursor(query.cursor) : undefined;
      if (query.cursor && !before) throw new ApiError(400, 'invalid_request', 'cursor: not a cursor this API returned');
      const { stories: rows, readUpTo } = await listStoryPage(db, {
        ...(query.watch !== undefined ? { watchId: query.watch } : {}),
        ...(query.matched !== undefined ? { matched: query.matched } : {}),
        ...(query.q ? { q: query.q } : {}),
        ...(query.feed !== undefined ? { feedId: query.feed } : {}),
        ...(query.since ? { since: query.since } : {}),
        ...(query.until ? { until: query.until } : {}),
        ...(query.state ? { state: query.state } : {}),
        ...(before ? { before } : {}),
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const matches = await listMatchesForStories(
        db,
        page.map((s) => s.id),
      );
      const last = page.at(-1);
      return c.json({
        items: page.map((s) =>
          storyJson(
            s,
            matches.filter((m) => m.story_id === s.id),
          ),
        ),
        // A search that stopped reading early goes on from where it stopped, even after a short page.
        ...(rows.length > query.limit && last
          ? { nextCursor: encodeCursor(last.published_at, last.id) }
          : readUpTo
            ? { nextCursor: encodeCursor(readUpTo.publishedAt, readUpTo.id) }
            : {}),
      });
    })
    .get('/:id', async (c) => {
      const id = parseId(c.req.param('id'), 'Story');
      const story = await findStoryById(db, id);
      if (!story) throw notFound('Story');
      const [feed, cluster, state, matches] = await Promise.all([
        findFeedById(db, story.feed_id),
        story.cluster_id ? findClusterById(db, story.cluster_id) : undefined,
        getStoryState(db, id),
        listMatchesForStories(db, [id]),
      ]);
      const row = { ...story, feed_title: feed?.title ?? null, cluster_size: cluster?.size ?? 1, sources_count: cluster?.sources_count ?? 1, state };
      return c.json({ ...storyJson(row, matches), contentHtml: story.content_html });
    })
    .patch('/:id', async (c) => {
      const id = parseId(c.req.param('id'), 'Story');
      const body = await readJson(c, storyPatchSchema);
      if (!(await findStoryById(db, id))) throw notFound('Story');
      await setStoryState(db, id, body.state);
      return c.json({ id, state: body.state });
    });
}
