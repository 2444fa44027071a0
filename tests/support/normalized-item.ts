import { canonicalizeUrl, type NormalizedItem } from '@newswatch/ingest';

/** What a test or bench story needs to say; the rest of a stored item follows from it. */
export interface StoryFields {
  /** The feed's guid, and the item's dedupe key. */
  key: string;
  url: string;
  title: string;
  summary: string;
  /** Body text (stored as HTML and text alike); the summary when left out. */
  content?: string;
  publishedAt?: Date;
  /** Defaults to the key: each story its own content. */
  contentHash?: string;
}

/** An item as the normalize stage hands it to storing, built from the fields a story is told by. */
export function normalizedItem(story: StoryFields): NormalizedItem {
  const content = story.content ?? story.summary;
  return {
    dedupeKey: `guid:${story.key}`,
    guid: story.key,
    url: story.url,
    canonicalUrl: canonicalizeUrl(story.url),
    title: story.title,
    summaryText: story.summary,
    contentHtml: story.content === undefined ? `<p>${story.summary}</p>` : content,
    contentText: content,
    author: null,
    language: 'en',
    publishedAt: story.publishedAt ?? new Date(),
    contentHash: story.contentHash ?? story.key,
  };
}
