import type { MatchDocument } from './fields';

/**
 * A story as the rest of newswatch holds it — a stored row, a row about to be stored, a row
 * joined with its feed — named as its columns are: whatever carries these fields can be
 * matched, with no copy into another shape first. Missing and null fields read as empty.
 */
export interface StoryText {
  title?: string | null;
  /** Plain text of the summary. */
  summary_text?: string | null;
  /** Plain text of the article body. */
  content_text?: string | null;
  author?: string | null;
  /** The title of the feed the story came from: the `source:` field. */
  feed_title?: string | null;
  url?: string | null;
  /** A BCP 47 language tag, as the feed declared it. */
  language?: string | null;
}

/**
 * The document a query reads for a story: the one mapping from story columns to query
 * fields, so ingest, re-matching and the preview all match the same text the same way.
 */
export function matchDocumentOf(story: StoryText): MatchDocument {
  return {
    title: story.title,
    summary: story.summary_text,
    content: story.content_text,
    author: story.author,
    source: story.feed_title,
    url: story.url,
    lang: story.language,
  };
}
