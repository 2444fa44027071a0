import type { FeedReading, ReadFeedOptions } from '../pipeline/read-feed';

/** A feed document a reader thread is asked to read (`FeedBody`, its bytes copied across), and how. */
export interface ReadRequest {
  body: Uint8Array;
  contentType: string | null;
  contentLanguage: string | null;
  url: string;
  options: ReadFeedOptions;
}

/**
 * What a reader thread posts: that it is ready (its modules loaded: a document's deadline
 * counts reading only), then per document the reading, or why it could not be read.
 */
export type ReaderMessage = { kind: 'ready' } | { kind: 'read'; reading: FeedReading } | { kind: 'failed'; message: string };
