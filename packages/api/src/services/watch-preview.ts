import { listRecentStories, type Database, type Kysely } from '@newswatch/db';
import { matchDocumentOf, TimeSlicer, type CompiledQuery, type Span } from '@newswatch/match';

/** How far back and how many stored stories a preview looks at: bounded so typing stays fast. */
export const PREVIEW_DAYS = 30;
export const PREVIEW_MAX_STORIES = 20_000;
const PREVIEW_ITEMS = 50;
/** Stories read per query: one big read would hold the event loop (PGlite runs in-process). */
const PAGE = 250;
/**
 * Matching time after which a preview stops and answers with what it found (`complete`
 * false): a costly query over a full archive could otherwise keep a CPU busy for minutes
 * on every keystroke in the editor.
 */
export const PREVIEW_TIME_LIMIT_MS = 10_000;

export interface WatchPreview {
  days: number;
  scanned: number;
  total: number;
  /** Stories the query could not be matched against (it ran over its work budget on them). */
  skipped: number;
  /** False when the preview stopped early (PREVIEW_TIME_LIMIT_MS): the counts cover `scanned` stories only. */
  complete: boolean;
  /** Matches per UTC day, oldest first, every day of the window present. */
  perDay: { date: string; count: number }[];
  items: {
    id: number;
    title: string;
    url: string | null;
    feedId: number;
    feedTitle: string | null;
    publishedAt: string;
    summary: string;
    /** What the query matched, without the terms (the API does not show them). */
    spans: Span[];
  }[];
}

export interface PreviewOptions {
  now?: Date;
  /** Stops the scan (the result is then incomplete), e.g. when the client has gone away. */
  signal?: AbortSignal;
  timeLimitMs?: number;
}

/**
 * Which stored stories of the last 30 days a query would match, before it is saved. Reads
 * the stories a page at a time and gives the event loop a turn every few milliseconds of
 * matching, so other requests are served during a long preview. A story on which the query
 * fails (runs over its work budget) is counted in `skipped`, not as a match; past the time
 * limit, or once `signal` aborts, the scan stops and the result says it is incomplete.
 */
export async function previewQuery(db: Kysely<Database>, query: CompiledQuery, options: PreviewOptions = {}): Promise<WatchPreview> {
  const now = options.now ?? new Date();
  const deadline = performance.now() + (options.timeLimitMs ?? PREVIEW_TIME_LIMIT_MS);
  const since = new Date(now.getTime() - PREVIEW_DAYS * 86_400_000);
  const perDay = new Map<string, number>();
  for (let d = 0; d < PREVIEW_DAYS; d++) {
    perDay.set(new Date(now.getTime() - (PREVIEW_DAYS - 1 - d) * 86_400_000).toISOString().slice(0, 10), 0);
  }
  const items: WatchPreview['items'] = [];
  const slicer = new TimeSlicer();
  let total = 0;
  let scanned = 0;
  let skipped = 0;
  let before: { publishedAt: Date; id: number } | undefined;
  let complete = true;
  scan: while (scanned < PREVIEW_MAX_STORIES) {
    const stories = await listRecentStories(db, since, Math.min(PAGE, PREVIEW_MAX_STORIES - scanned), before);
    if (stories.length === 0) break;
    const last = stories.at(-1)!;
    before = { publishedAt: new Date(last.published_at), id: last.id };
    for (const story of stories) {
      await slicer.tick();
      if (options.signal?.aborted || performance.now() > deadline) {
        complete = false;
        break scan;
      }
      scanned++;
      const doc = matchDocumentOf(story);
      let spans: Span[] | null = null;
      try {
        if (!query.match(doc)) continue;
        if (items.length < PREVIEW_ITEMS) spans = query.explain(doc).map((s) => ({ field: s.field, start: s.start, end: s.end }));
      } catch {
        skipped++;
        continue;
      }
      total++;
      const day = new Date(story.published_at).toISOString().slice(0, 10);
      if (perDay.has(day)) perDay.set(day, perDay.get(day)! + 1);
      if (spans) {
        items.push({
          id: story.id,
          title: story.title,
          url: story.url,
          feedId: story.feed_id,
          feedTitle: story.feed_title,
          publishedAt: new Date(story.published_at).toISOString(),
          summary: story.summary_text,
          spans,
        });
      }
    }
  }
  return { days: PREVIEW_DAYS, scanned, total, skipped, complete, perDay: [...perDay].map(([date, count]) => ({ date, count })), items };
}
