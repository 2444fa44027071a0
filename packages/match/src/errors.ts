/**
 * The one error a query can fail with. `position` is a 0-based UTF-16 index into the query
 * source, and the message always ends with `at <position>` so it reads well on its own.
 */
export class QuerySyntaxError extends Error {
  override readonly name = 'QuerySyntaxError';
  /** Stable machine-readable code for API error bodies. */
  readonly code = 'invalid_query';

  constructor(
    /** What is wrong, without the position, e.g. `expected ')'`. */
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at ${position}`);
  }
}
