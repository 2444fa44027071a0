import { readFeed, type FeedBody, type FeedReading, type ReadFeedOptions } from '../pipeline/read-feed';

/**
 * Where a fetched or pushed feed document is read (`readFeed`): on the calling thread, or on
 * reader threads (`FeedReaderPool`), apart from the process a hostile document could exhaust.
 */
export interface FeedReader {
  read(doc: FeedBody, options?: ReadFeedOptions): Promise<FeedReading>;
}

/** Reads on the calling thread. */
export const inThreadFeedReader: FeedReader = { read: (doc, options) => readFeed(doc, options) };
