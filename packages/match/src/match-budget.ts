import { MAX_MATCH_WORK } from './limits';

/**
 * Thrown when matching one query against one story would take more work than any story
 * should cost: the caller skips that query for that story and records why, instead of
 * stalling every other watch. Queries the compiler accepts stay far below the limit on real
 * stories (see tests/hostile); this is the backstop, not the plan.
 */
export class MatchBudgetError extends Error {
  override readonly name = 'MatchBudgetError';
  /** Stable machine-readable code, as recorded on the watch. */
  readonly code = 'match_budget_exceeded';

  constructor(readonly limit: number) {
    super(`matching this query against one story took more than ${limit.toLocaleString('en-US')} steps`);
  }
}

/** Counts the work of one match or explain call and stops it past the limit. */
export class MatchBudget {
  #work = 0;

  constructor(readonly limit: number = MAX_MATCH_WORK) {}

  /** Work done so far, in list elements visited. */
  get work(): number {
    return this.#work;
  }

  /** Records `units` of work; throws MatchBudgetError once the total passes the limit. */
  spend(units: number): void {
    this.#work += units;
    if (this.#work > this.limit) throw new MatchBudgetError(this.limit);
  }
}
