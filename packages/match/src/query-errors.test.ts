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
  ['('.repeat(60) + 'x' + ')'.repeat(60), 40, /nested deeper/],
  // A chain of 12 NEARs nests 11 of them: refused at the 12th (each link "ab NEAR/1 " is 10 characters).
  [Array.from({ length: 13 }, () => 'ab').join(' NEAR/1 '), 113, /NEAR can be nested inside NEAR at most 10 times/],
  // 2 in the first chain, 4 in the last, 3 + 1 under NEAR/2 and 1 more under NEAR/3: 11.
  [
    '(a1 NEAR/1 b1 NEAR/1 c1 NEAR/1 d1) NEAR/2 ((e1 NEAR/1 f1) OR (g1 NEAR/1 h1) OR (i1 NEAR/1 j1 NEAR/1 k1 NEAR/1 l1 NEAR/1 m1 NEAR/1 o1)) NEAR/3 n1',
    135,
    /at most 10 times/,
  ],
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

describe('query limits that are not errors', () => {
  it('accepts ten NEARs nested in NEARs, and any number side by side', () => {
    expect(() => compileQuery(Array.from({ length: 12 }, () => 'ab').join(' NEAR/1 '))).not.toThrow();
    expect(() => compileQuery(Array.from({ length: 100 }, (_, i) => `(a${i} NEAR/5 b${i})`).join(' OR '))).not.toThrow();
  });
});
