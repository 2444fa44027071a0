import { describe, expect, it } from 'vitest';
import { figuresDisagree, figuresOf } from './figure-mismatch';
import { TermVector } from './term-vector';
import { sharedVocabulary } from './vocabulary';

describe('figuresOf', () => {
  it('keeps the number terms, without units or suffixes', () => {
    const terms = ['missile', '12/2/2026', '2,500', '6.4', '350km', '16c', '7:48'];
    const ids = Int32Array.from(terms, (term) => sharedVocabulary.idOf(term)).sort();
    const vector = new TermVector(ids, new Float64Array(ids.length).fill(1));
    expect([...figuresOf(vector)].sort()).toEqual(['12/2/2026', '16', '2,500', '350', '6.4', '7:48']);
  });
});

describe('figuresDisagree', () => {
  const set = (...figures: string[]) => new Set(figures);

  it('holds when both carry three figures or more and fewer than 30% are shared', () => {
    expect(figuresDisagree(set('12/2/2026', '6,988.34', '47,981.38', '500'), set('12/1/2026', '7,012.45', '48,114.90', '500'))).toBe(true);
  });

  it('does not hold when enough figures are shared', () => {
    expect(figuresDisagree(set('7:10', '900', '1'), set('7:10', '900', '5', '11', '2026'))).toBe(false);
    expect(figuresDisagree(set('350', '217', '900'), set('2', '5', '7:48', '7:56', '350', '2248'))).toBe(false);
  });

  it('says nothing when either side carries fewer than three figures (briefs)', () => {
    expect(figuresDisagree(set('500'), set('12/1/2026', '7,012.45', '48,114.90'))).toBe(false);
    expect(figuresDisagree(set('12/1/2026', '7,012.45', '48,114.90'), set())).toBe(false);
  });
});
