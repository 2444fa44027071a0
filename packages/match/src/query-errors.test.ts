import { describe, expect, it } from 'vitest';
import { compileQuery } from './compiled-query';
import { MAX_QUERY_LENGTH } from './limits';
import { QuerySyntaxError } from './errors';

/** Every malformed query gets a QuerySyntaxError whose position points at the mistake. */
const errors: [query: string, position: number, message: RegExp][] = [
  ['', 0, /empty query/],
  ['   ', 0, /empty query/],
  ['(Kim OR Putin', 13, /expected '\)'/],
  ['((Kim) OR Putin', 15, /expected '\)'/],
  ['Kim OR Putin)', 12, /unexpected '\)'/],
  [')', 0, /unexpected '\)'/],
  ['"Kim Jong Un', 0, /unclosed quote/],
  ['Kim "Jong', 4, /unclosed quote/],
  ['Kim AND', 4, /AND needs a term after it/],
  ['Kim OR', 4, /OR needs a term after it/],
  ['OR Kim', 0, /OR needs a term before it/],
  ['AND Kim', 0, /AND needs a term before it/],
  ['Kim NOT', 4, /NOT needs a term after it/],
  ['Kim NOT NOT Putin', 4, /NOT needs a term after it/],
  ['Kim OR OR Putin', 4, /OR needs a term after it/],
  ['arms NEAR/x sale', 5, /NEAR needs a word distance/],
  ['arms NEAR sale', 5, /NEAR needs a word distance/],
  ['arms NEAR/ sale', 5, /NEAR needs a word distance/],
  ['arms ONEAR/-1 sale', 5, /ONEAR needs a word distance/],
  ['arms NEAR/5', 5, /NEAR needs a term after it/],
  ['NEAR/5 arms', 0, /NEAR needs a term before it/],
  ['(Kim AND Putin) NEAR/3 summit', 16, /NEAR operands must be/],
  ['summit NEAR/3 NOT Kim', 7, /NEAR needs a term after it/],
  ['()', 0, /empty parentheses/],
  ['Kim ()', 4, /empty parentheses/],
  ['*', 0, /needs at least 2 letters/],
  ['Kim a*', 4, /needs at least 2 letters/],
  ['?*', 0, /needs at least 2 letters/],
  ['""', 0, /empty phrase/],
  ['{}', 0, /empty \{ \}/],
  ['{UN', 3, /expected '\}'/],
  ['UN}', 2, /unexpected '\}'/],
  ['{UN*}', 1, /wildcards cannot be used inside/],
  ['NOT Kim', 0, /needs at least one word/],
  ['Kim OR NOT Putin', 0, /needs at least one word/],
  ['title:', 0, /title: needs a term after it/],
  ['--', 0, /nothing to match/],
  ['x'.repeat(MAX_QUERY_LENGTH + 1), MAX_QUERY_LENGTH, /longer than/],
  [`${'('.repeat(60)}x${')'.repeat(60)}`, 40, /nested deeper/],
  ['김정* ', 0, /wildcards are not supported/],
];

describe('query errors', () => {
  it.each(errors)('%j → position %i', (query, position, message) => {
    let thrown: unknown;
    try {
      compileQuery(query);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(QuerySyntaxError);
    const error = thrown as QuerySyntaxError;
    expect(error.message).toMatch(message);
    expect(error.position).toBe(position);
    expect(error.message).toContain(`at ${position}`);
  });
});
