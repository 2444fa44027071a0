/** A malformed watch query: `position` is the 0-based character offset the message points at. */
export class QuerySyntaxError extends Error {
  readonly code = 'invalid_query';
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at ${position}`);
    this.name = 'QuerySyntaxError';
  }
}
