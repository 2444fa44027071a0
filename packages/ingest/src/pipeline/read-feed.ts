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

/**
 * Items a document gives at most: beyond, the newest this many are kept, in document order.
 * A feed is its latest items; 10 MB of `<item/>`s is 300,000 of them, more than a process
 * of 256 MB can store in one go (a crash, and another at every restart's next poll).
 */
export const MAX_ITEMS_READ = 10_000;

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
  /** The items, in document order (at most {@link MAX_ITEMS_READ}, the newest), or the `newest` few, newest first. */
  items: NormalizedItem[];
  /** How many items the feed holds, however many were kept. */
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
  const items = options.newest === undefined ? newestInDocumentOrder(all, MAX_ITEMS_READ) : newestFirst(all).slice(0, options.newest);
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

const newestFirst = (items: NormalizedItem[]) => [...items].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());

/** The newest `max` of `items`, in the order given. */
function newestInDocumentOrder(items: NormalizedItem[], max: number): NormalizedItem[] {
  if (items.length <= max) return items;
  const kept = new Set(newestFirst(items).slice(0, max));
  return items.filter((item) => kept.has(item));
}
