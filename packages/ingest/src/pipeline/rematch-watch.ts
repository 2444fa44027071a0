import {
  clearWatchRematchDue,
  deleteMatchesForWatch,
  recordWatchErrors,
  findClusterById,
  findWatchById,
  listInstantRules,
  listMatchedStoryIds,
  listStoriesPage,
  upsertMatches,
  type AlertComposer,
  type Database,
  type Kysely,
  type RuleWithWatches,
} from '@newswatch/db';
import { compileQuery, matchDocumentOf, PreparedDocument, QuerySyntaxError, TimeSlicer, type CompiledQuery, type Span } from '@newswatch/match';
import { enqueueInstantAlerts } from './enqueue-alerts';

/** How far back an edited watch is re-evaluated, and how many stories at most. */
export const REMATCH_DAYS = 30;
export const REMATCH_MAX_STORIES = 50_000;
/**
 * Only stories fetched this recently may alert when a re-match newly finds them: editing a
 * watch should catch the story that broke ten minutes ago, not replay a month of news.
 */
export const REMATCH_ALERT_WINDOW_MS = 60 * 60_000;
const PAGE = 500;

export interface RematchResult {
  scanned: number;
  added: number;
  removed: number;
  deliveriesEnqueued: number;
  /** Stories the query failed on (ran over its work budget): left as they were. */
  skipped: number;
}

/**
 * Re-evaluates a watch over the recent archive after it was created or its query changed:
 * stories it now matches get a match (with spans), stories it no longer matches lose theirs.
 * Alerts go out only for newly matched stories fetched within the alert window, and never
 * twice: the outbox key is per (rule, cluster), so an already alerted story is skipped.
 * A disabled or deleted watch is left alone.
 *
 * Each page of stories is matched before its transaction opens, giving the event loop a turn
 * every few milliseconds (the HTTP server shares it), and a story the query fails on is
 * skipped, its match left as it was; the last such failure, or a query that no longer
 * compiles, is recorded on the watch. Once done, the watch's `rematch_due_at` mark is cleared
 * (unless an edit since owes another re-match): a re-match cut short by a crash or a stop is
 * owed still, and the next start runs it (`listWatchesDueForRematch`). `signal` stops it between
 * pages, owed still.
 */
export async function rematchWatch(
  db: Kysely<Database>,
  watchId: number,
  options: { alerts: AlertComposer; now?: Date; signal?: AbortSignal },
): Promise<RematchResult> {
  const result: RematchResult = { scanned: 0, added: 0, removed: 0, deliveriesEnqueued: 0, skipped: 0 };
  const watch = await findWatchById(db, watchId);
  if (!watch) return result;
  const done = async () => {
    if (watch.rematch_due_at) await clearWatchRematchDue(db, watchId, watch.rematch_due_at);
    return result;
  };
  if (!watch.enabled) return done();
  let query: CompiledQuery;
  try {
    query = compileQuery(watch.query);
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    await recordWatchErrors(db, [{ id: watchId, error: `The query no longer compiles, so the watch matches nothing: ${error.message}` }]);
    return done();
  }
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - REMATCH_DAYS * 86_400_000);
  const slicer = new TimeSlicer();
  let lastFailure: string | null = null;
  let afterId = 0;
  while (result.scanned < REMATCH_MAX_STORIES) {
    // A stopping process ends between pages; the re-match stays owed, and the next start runs it whole.
    if (options.signal?.aborted) return result;
    const stories = await listStoriesPage(db, since, afterId, PAGE);
    if (stories.length === 0) break;
    afterId = stories.at(-1)!.id;
    result.scanned += stories.length;
    const spansOf = new Map<number, Span[]>();
    const failed = new Set<number>();
    for (const story of stories) {
      await slicer.tick();
      const doc = new PreparedDocument(matchDocumentOf(story));
      try {
        if (query.match(doc)) spansOf.set(story.id, query.explain(doc));
      } catch (error) {
        failed.add(story.id);
        lastFailure = `Skipped on a story (${story.url ?? story.title}): ${(error as Error).message}`;
      }
    }
    result.skipped += failed.size;
    await db.transaction().execute(async (trx) => {
      const already = await listMatchedStoryIds(
        trx,
        watchId,
        stories.map((s) => s.id),
      );
      const stale: number[] = [];
      let rules: RuleWithWatches[] | undefined;
      for (const story of stories) {
        const spans = spansOf.get(story.id);
        if (!spans) {
          if (already.has(story.id) && !failed.has(story.id)) stale.push(story.id);
          continue;
        }
        await upsertMatches(trx, [{ story_id: story.id, watch_id: watchId, spans }]);
        if (already.has(story.id)) continue;
        result.added++;
        const fresh = now.getTime() - new Date(story.fetched_at).getTime() <= REMATCH_ALERT_WINDOW_MS;
        const cluster = story.cluster_id ? await findClusterById(trx, story.cluster_id) : undefined;
        if (fresh && cluster) {
          result.deliveriesEnqueued += await enqueueInstantAlerts(
            trx,
            (rules ??= await listInstantRules(trx)),
            story,
            story.feed_title,
            cluster,
            [{ watchId, spans }],
            () => watch.name,
            options.alerts,
          );
        }
      }
      await deleteMatchesForWatch(trx, watchId, stale);
      result.removed += stale.length;
    });
  }
  if (lastFailure !== null) await recordWatchErrors(db, [{ id: watchId, error: lastFailure }]);
  return done();
}
