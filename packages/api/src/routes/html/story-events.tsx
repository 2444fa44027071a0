import { latestStoryId, listMatchesForStories, listStories, type StoryFilter, type TriageState } from '@newswatch/db';
import { StoryCard } from '@newswatch/web';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppDeps, AppEnv } from '../../env';
import { readDashboardFilters } from './dashboard-query';
import { toStoryView } from './story-view';

/** How often the stream looks for new stories, and how often it proves the connection alive. */
const POLL_MS = 2000;
const HEARTBEAT_MS = 15_000;

/**
 * `/events/stories`: new stories for the dashboard as server-sent events, each a rendered
 * story card that htmx puts at the top of the list. It polls the database, so it sees
 * stories stored by any ingest process, not only this one; `Last-Event-ID` resumes after a
 * reconnect without losing or repeating a story.
 */
export function storyEvents(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>().get('/events/stories', (c) => {
    const { watch, feed, state, q, all } = readDashboardFilters(c.req.query());
    const principal = c.get('principal');
    const csrfToken = principal.kind === 'session' ? principal.csrfToken : null;
    const resumeFrom = Number(c.req.header('last-event-id') ?? c.req.query('after') ?? Number.NaN);
    return streamSSE(c, async (stream) => {
      let lastId = Number.isInteger(resumeFrom) && resumeFrom >= 0 ? resumeFrom : await latestStoryId(db);
      let quietMs = 0;
      while (!stream.aborted) {
        const filter: StoryFilter = {
          limit: 20,
          afterId: lastId,
          ...(all ? {} : { matched: true }),
          ...(watch !== null ? { watchId: watch } : {}),
          ...(feed !== null ? { feedId: feed } : {}),
          ...(state !== null ? { state: state as TriageState } : {}),
          ...(q ? { q } : {}),
        };
        const rows = (await listStories(db, filter)).sort((a, b) => a.id - b.id);
        const newest = await latestStoryId(db);
        if (rows.length) {
          const matches = await listMatchesForStories(
            db,
            rows.map((r) => r.id),
          );
          for (const row of rows) {
            const card = (
              <StoryCard
                story={toStoryView(
                  row,
                  matches.filter((m) => m.story_id === row.id),
                )}
                csrfToken={csrfToken}
              />
            );
            await stream.writeSSE({ event: 'story', id: String(row.id), data: String(await card) });
          }
          quietMs = 0;
        }
        // Stories that do not pass the filter still move the mark, so they are not re-read.
        lastId = Math.max(lastId, rows.at(-1)?.id ?? lastId, rows.length < 20 ? newest : lastId);
        await stream.sleep(POLL_MS);
        quietMs += POLL_MS;
        if (quietMs >= HEARTBEAT_MS) {
          await stream.write(': keep-alive\n\n');
          quietMs = 0;
        }
      }
    });
  });
}
