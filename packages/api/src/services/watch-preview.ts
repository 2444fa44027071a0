import { listRecentStories, type Database, type Kysely } from '@newswatch/db';
import type { CompiledQuery } from '@newswatch/match';

/** How far back and how many stored stories a preview looks at: bounded so typing stays fast. */
export const PREVIEW_DAYS = 30;
export const PREVIEW_MAX_STORIES = 20_000;
const PREVIEW_ITEMS = 50;

export interface WatchPreview {
  days: number;
  scanned: number;
  total: number;
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
    spans: { field: string; start: number; end: number }[];
  }[];
}

/** Which stored stories of the last 30 days a query would match, before it is saved. */
export async function previewQuery(db: Kysely<Database>, query: CompiledQuery, now = new Date()): Promise<WatchPreview> {
  const since = new Date(now.getTime() - PREVIEW_DAYS * 86_400_000);
  const stories = await listRecentStories(db, since, PREVIEW_MAX_STORIES);
  const perDay = new Map<string, number>();
  for (let d = 0; d < PREVIEW_DAYS; d++) {
    perDay.set(new Date(now.getTime() - (PREVIEW_DAYS - 1 - d) * 86_400_000).toISOString().slice(0, 10), 0);
  }
  const items: WatchPreview['items'] = [];
  let total = 0;
  for (const story of stories) {
    const doc = {
      title: story.title,
      summary: story.summary_text,
      content: story.content_text,
      author: story.author ?? undefined,
      source: story.feed_title ?? undefined,
      url: story.url ?? undefined,
      lang: story.language ?? undefined,
    };
    if (!query.match(doc)) continue;
    total++;
    const day = new Date(story.published_at).toISOString().slice(0, 10);
    if (perDay.has(day)) perDay.set(day, perDay.get(day)! + 1);
    if (items.length < PREVIEW_ITEMS) {
      items.push({
        id: story.id,
        title: story.title,
        url: story.url,
        feedId: story.feed_id,
        feedTitle: story.feed_title,
        publishedAt: new Date(story.published_at).toISOString(),
        summary: story.summary_text,
        spans: query.explain(doc).map((s) => ({ field: s.field, start: s.start, end: s.end })),
      });
    }
  }
  return { days: PREVIEW_DAYS, scanned: stories.length, total, perDay: [...perDay].map(([date, count]) => ({ date, count })), items };
}
