import { describe, expect, it } from 'vitest';
import { compileQuery } from './compiled-query';
import { QuerySyntaxError } from './errors';

/** A small seeded PRNG (mulberry32): every run fuzzes the same queries, so failures reproduce. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'Kim',
  'Jong-un',
  '"',
  '“',
  '”',
  '(',
  ')',
  '{',
  '}',
  'AND',
  'OR',
  'NOT',
  'NEAR/3',
  'ONEAR/0',
  'NEAR/',
  'NEAR/x',
  '*',
  '?',
  'sanction*',
  'c?t',
  'title:',
  'site:',
  'lang:',
  'url:',
  ':',
  '김정은',
  '金',
  '🚂',
  'é',
  '\u0301',
  ' ',
  ' ',
  ' ',
  '\t',
  '\n',
  '-',
  "'",
  '.',
  'U.N.',
  '{UN}',
  '""',
  '()',
  'a*b*c*d*e*f*g*',
  '\u0000',
  '\uD800',
];
const SEEDS = ['(arms OR weapons) NEAR/5 (transfer* OR sale*)', '"Kim Jong Un" OR 김정은', '({UN} OR "Security Council") NEAR/8 resolution* NOT title:draft'];
const DOC = {
  title: 'Kim Jong Un arrives; UN resolutions cited',
  content: 'arms sale, transfer of weapons, 김정은 위원장이 🚂 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  url: 'https://example.com/a',
};

function attempt(query: string): void {
  try {
    const compiled = compileQuery(query);
    compiled.match(DOC);
    compiled.explain(DOC);
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw new Error(`${JSON.stringify(query)} threw ${String(error)}`);
    expect(error.position).toBeGreaterThanOrEqual(0);
    expect(error.position).toBeLessThanOrEqual(query.length);
  }
}

describe('parser fuzzing', () => {
  it('random queries only ever throw QuerySyntaxError, quickly', () => {
    const next = random(42);
    const started = Date.now();
    for (let i = 0; i < 4000; i++) {
      const length = 1 + Math.floor(next() * 14);
      attempt(Array.from({ length }, () => PIECES[Math.floor(next() * PIECES.length)]).join(next() < 0.5 ? ' ' : ''));
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('mutated valid queries only ever throw QuerySyntaxError', () => {
    const next = random(7);
    for (let i = 0; i < 4000; i++) {
      let query = SEEDS[i % SEEDS.length]!;
      for (let m = 0; m < 1 + Math.floor(next() * 3); m++) {
        const at = Math.floor(next() * (query.length + 1));
        const op = next();
        if (op < 0.4) query = query.slice(0, at) + query.slice(at + 1);
        else if (op < 0.8) query = query.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + query.slice(at);
        else query = query.slice(0, at) + query.slice(at).split('').reverse().join('');
      }
      attempt(query);
    }
  });

  it('does not backtrack exponentially on hostile wildcards', () => {
    const started = Date.now();
    const query = compileQuery('a*a*a*a*a*a*a*a*a*a*a*a*a*a*b');
    expect(query.match({ content: `${'a'.repeat(5000)} ${'a'.repeat(3000)}` })).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
