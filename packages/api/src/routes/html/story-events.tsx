import { describeClusters, latestStoryId, listStories, type StoryFilter, type StoryListRow, type TriageState } from '@newswatch/db';
import { ClusterCoverageUpdate, StoryCard } from '@newswatch/web';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppDeps, AppEnv } from '../../env';
import { readDashboardFilters } from './dashboard-query';
import { coverageOf, loadClusterCards } from './cluster-cards';

/** How often the stream looks for new stories, and how often it proves the connection alive. */
const POLL_MS = 2000;
const HEARTBEAT_MS = 15_000;

/**
 * What the stream sends for newly stored stories (oldest first) that pass the filter: for an
 * event the page already shows — a cluster with a story the stream had passed (`shownThrough`)
 * that passes the filter too — its card's coverage, swapped in place out of band; for a new one
 * its card, which htmx puts on top. Copies of one event in one poll make one message.
 */
async function renderArrivals(
  db: AppDeps['db'],
  filter: StoryFilter,
  rows: StoryListRow[],
  shownThrough: number,
  csrfToken: string | null,
): Promise<{ event: string; id: string; data: string }[]> {
  const clusterIds = [...new Set(rows.flatMap((r) => (r.cluster_id === null ? [] : [r.cluster_id])))];
  const { afterId: _, ...earlier } = filter;
  const shown = clusterIds.length
    ? new Set((await listStories(db, { ...earlier, clusterIds, throughId: shownThrough, perCluster: true, limit: clusterIds.length })).map((r) => r.cluster_id))
    : new Set<number | null>();
  // One message per event, sent when its latest copy of this poll is reached.
  const lastOf = new Map<number, StoryListRow>();
  for (const row of rows) lastOf.set(row.cluster_id ?? -row.id, row);
  const grown = [...lastOf.values()].filter((r) => shown.has(r.cluster_id));
  const arrived = [...lastOf.values()].filter((r) => !shown.has(r.cluster_id));
  const [summaries, cards] = await Promise.all([
    describeClusters(
      db,
      grown.map((r) => r.cluster_id!),
    ),
    loadClusterCards(db, arrived),
  ]);
  const cardOf = new Map(arrived.map((r, k) => [r.id, cards[k]!]));
  const events: { event: string; id: string; data: string }[] = [];
  for (const row of [...lastOf.values()].sort((a, b) => a.id - b.id)) {
    const summary = row.cluster_id === null ? undefined : summaries.get(row.cluster_id);
    const card = cardOf.get(row.id);
    const html = card ? <StoryCard story={card} csrfToken={csrfToken} /> : summary ? <ClusterCoverageUpdate cluster={coverageOf(summary)} /> : null;
    if (html) events.push({ event: 'story', id: String(row.id), data: String(await html) });
  }
  return events;
}

/**
 * `/events/stories`: new stories for the dashboard as server-sent events: a new event's card
 * that htmx puts at the top of the list, or a known event's grown coverage (see
 * {@link renderArrivals}). It polls the database, so it sees
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
          for (const event of await renderArrivals(db, filter, rows, lastId, csrfToken)) await stream.writeSSE(event);
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
