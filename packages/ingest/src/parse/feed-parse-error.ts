/** Why a document could not be read as a feed at all. */
export type FeedParseErrorCode = 'not-a-feed' | 'entity-expansion' | 'too-deep' | 'invalid-json';

/**
 * A document that yields no feed: not RSS/Atom/RDF/JSON Feed, unreadable JSON, an
 * entity-expansion attack or absurdly deep nesting. The pipeline records the message on the feed.
 */
export class FeedParseError extends Error {
  override name = 'FeedParseError';

  constructor(
    readonly code: FeedParseErrorCode,
    message: string,
  ) {
    super(`parse: ${message}`);
  }
}
