import { readFeed, type FeedBody, type FeedReading } from '../pipeline/read-feed';

/** Where a poll's feed document is read (`readFeed`): on the polling thread, or on reader threads (`FeedReaderPool`). */
export interface FeedReader {
  read(doc: FeedBody): Promise<FeedReading>;
}

/** Reads on the calling thread. */
export const inThreadFeedReader: FeedReader = { read: (doc) => readFeed(doc) };
