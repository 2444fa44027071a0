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

/** Newly stored stories of any kind read per poll to find the events they grow. */
const COPIES_READ = 200;

/**
 * What the stream sends for newly stored stories, oldest first: for a new event with a story
 * passing the filter (`passing`), its card, which htmx puts on top; for an event the page
 * already shows — a story the stream had passed (`shownThrough`) passes the filter — its card's
 * coverage, swapped in place out of band, when any copy arrived (`copies`: every new story,
 * whether it passes or not: a copy under a headline without the watch word still spreads the
 * event). Several stories of one event in one poll make one message.
 */
async function renderArrivals(
  db: AppDeps['db'],
  filter: StoryFilter,
  passing: StoryListRow[],
  copies: StoryListRow[],
  shownThrough: number,
  csrfToken: string | null,
): Promise<{ event: string; id: string; data: string }[]> {
  if (passing.length === 0 && copies.length === 0) return [];
  const clusterIds = [...new Set([...passing, ...copies].flatMap((r) => (r.cluster_id === null ? [] : [r.cluster_id])))];
  const { afterId: _, ...earlier } = filter;
  const shown = new Set(
    clusterIds.length
      ? (await listStories(db, { ...earlier, clusterIds, throughId: shownThrough, perCluster: true, limit: clusterIds.length })).map((r) => r.cluster_id)
      : [],
  );
  // One message per event, sent where its latest story of this poll stands.
  const latest = (rows: StoryListRow[]) => {
    const byEvent = new Map<number, StoryListRow>();
    for (const row of [...rows].sort((a, b) => a.id - b.id)) byEvent.set(row.cluster_id ?? -row.id, row);
    return [...byEvent.values()];
  };
  const arrived = latest(passing.filter((r) => !shown.has(r.cluster_id)));
  const grown = latest([...passing, ...copies].filter((r) => shown.has(r.cluster_id)));
  const [cards, summaries] = await Promise.all([
    loadClusterCards(db, arrived),
    describeClusters(
      db,
      grown.map((r) => r.cluster_id!),
    ),
  ]);
  const messages = [
    ...arrived.map((row, k) => ({ at: row.id, html: <StoryCard story={cards[k]!} csrfToken={csrfToken} /> })),
    ...grown.flatMap((row) => {
      const summary = summaries.get(row.cluster_id!);
      return summary ? [{ at: row.id, html: <ClusterCoverageUpdate cluster={coverageOf(summary)} /> }] : [];
    }),
  ].sort((a, b) => a.at - b.at);
  const events: { event: string; id: string; data: string }[] = [];
  for (const { at, html } of messages) events.push({ event: 'story', id: String(at), data: String(await html) });
  return events;
}

/**
 * `/events/stories`: new stories for the dashboard as server-sent events: a new event's card
 * that htmx puts at the top of the list, or a known event's grown coverage (see
 * {@link renderArrivals}). It polls the database, so it sees stories stored by any ingest
 * process, not only this one; `Last-Event-ID` resumes after a reconnect without losing or
 * repeating a story.
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
        const copies = newest > lastId ? await listStories(db, { limit: COPIES_READ, afterId: lastId }) : [];
        const events = await renderArrivals(db, filter, rows, copies, lastId, csrfToken);
        for (const event of events) await stream.writeSSE(event);
        if (events.length) quietMs = 0;
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
