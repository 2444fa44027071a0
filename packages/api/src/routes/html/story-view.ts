import type { MatchWithWatch, StoredSpan, StoryListRow } from '@newswatch/db';
import type { StoryView, TextSpan } from '@newswatch/web';

const EXCERPT_CHARS = 280;

/**
 * A window of `text` around its first span (or its start), with the spans inside it re-based,
 * so a match deep in an article still shows up highlighted in the list.
 */
export function excerptAround(text: string, spans: TextSpan[], size = EXCERPT_CHARS): { text: string; spans: TextSpan[] } {
  if (!text) return { text: '', spans: [] };
  const first = spans.length ? Math.min(...spans.map((s) => s.start)) : 0;
  let start = first > size / 2 ? first - Math.floor(size / 3) : 0;
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space !== -1 && space < first) start = space + 1;
  }
  const end = Math.min(text.length, start + size);
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const inside = spans
    .filter((s) => s.start >= start && s.end <= end)
    .map((s) => ({ start: s.start - start + prefix.length, end: s.end - start + prefix.length }));
  return { text: prefix + text.slice(start, end) + suffix, spans: inside };
}

const spansOf = (matches: MatchWithWatch[], field: string): StoredSpan[] => matches.flatMap((m) => m.spans.filter((s) => s.field === field));

/** Maps a stored story and its matches to what the story list shows. */
export function toStoryView(row: StoryListRow, matches: MatchWithWatch[]): StoryView {
  const summarySpans = spansOf(matches, 'summary');
  const contentSpans = spansOf(matches, 'content');
  const useContent = (summarySpans.length === 0 && contentSpans.length > 0) || !row.summary_text;
  const excerpt = useContent ? excerptAround(row.content_text, contentSpans) : excerptAround(row.summary_text, summarySpans);
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    feedTitle: row.feed_title,
    publishedAt: new Date(row.published_at),
    clusterSize: row.cluster_size ?? 1,
    sourcesCount: row.sources_count ?? 1,
    state: row.state,
    watches: matches.map((m) => ({ id: m.watch_id, name: m.watch_name })),
    titleSpans: spansOf(matches, 'title'),
    excerpt: excerpt.text,
    excerptSpans: excerpt.spans,
  };
}
