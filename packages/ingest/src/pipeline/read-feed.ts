import { decodeFeedBody } from '../decode/decode-body';
import { normalizeItems, type NormalizedItem } from '../normalize/normalize-item';
import { storableFeed } from '../normalize/storable-text';
import { parseFeed } from '../parse/parse-feed';

/** A feed document as it arrived: from a fetch, a WebSub push or a preview. */
export interface FeedBody {
  body: Buffer;
  /** `Content-Type` of the answer or push: its charset comes before the XML declaration. */
  contentType: string | null;
  /** `Content-Language` of the answer, when there was one; a push has none. */
  contentLanguage?: string | null;
  /** Where the document came from: relative links resolve against it. */
  url: string;
}

export interface ReadFeedOptions {
  /** The reading time: undated and future items get it. */
  now?: Date;
  /** Keep only this many items, newest first (a preview shows a few). */
  newest?: number;
}

/** What one feed document says: its items, ready to store, and what the feed row learns. */
export interface FeedReading {
  title: string | null;
  /** The site's home page. */
  link: string | null;
  /** RSS `<ttl>`, in seconds. */
  ttlSeconds: number | null;
  /** WebSub hub and self URLs the feed advertises. */
  hubUrl: string | null;
  selfUrl: string | null;
  /**
   * The dates the feed gives its items (null when it gives none), the input of its publishing
   * pace: unlike `items`' dates, undated items are not stamped with the reading time.
   */
  itemDates: (Date | null)[];
  /** The items, in document order, or the `newest` few, newest first. */
  items: NormalizedItem[];
  /** How many items the feed holds, `newest` or not. */
  itemCount: number;
}

/**
 * The reading stage every feed document goes through, polled, pushed or previewed:
 * decode (BOM, HTTP charset, XML declaration) → parse → storable text → normalize.
 * Storable before anything is read from it: the feed's title and links go on its row too.
 * Throws what the parser throws (`FeedParseError`) on a document that is not a feed.
 */
export async function readFeed(doc: FeedBody, options: ReadFeedOptions = {}): Promise<FeedReading> {
  const decoded = decodeFeedBody(doc.body, doc.contentType);
  const parsed = storableFeed(await parseFeed(decoded.text, doc.url, { contentLanguage: doc.contentLanguage ?? null }));
  const all = normalizeItems(parsed, doc.url, options.now ?? new Date());
  const items = options.newest === undefined ? all : all.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime()).slice(0, options.newest);
  return {
    title: parsed.title,
    link: parsed.link,
    ttlSeconds: parsed.ttlMinutes !== null ? parsed.ttlMinutes * 60 : null,
    hubUrl: parsed.hubUrl,
    selfUrl: parsed.selfUrl,
    itemDates: parsed.items.map((item) => item.published ?? item.updated),
    items,
    itemCount: all.length,
  };
}
