/** Why a document could not be read as an OPML subscription list. */
export type OpmlErrorCode = 'not-opml' | 'entity-expansion' | 'too-deep';

/**
 * A document that yields no subscription list: not XML, XML whose root is not `<opml>`, an
 * entity-expansion attack or absurd nesting. The message is meant for the person who uploaded it.
 */
export class OpmlError extends Error {
  override name = 'OpmlError';

  constructor(
    readonly code: OpmlErrorCode,
    message: string,
  ) {
    super(`opml: ${message}`);
  }
}
