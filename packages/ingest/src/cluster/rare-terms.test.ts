import { describe, expect, it } from 'vitest';
import type { CandidateTally } from './candidate-tally';
import { CLUSTERS_PER_TERM, MAX_CANDIDATES, rankCandidates } from './rare-terms';

/** Clusters under each term, most recent first. */
function under(lists: Record<number, number[]>) {
  return (term: number, tally: CandidateTally, room: number) => {
    const found = (lists[term] ?? []).slice(0, room);
    for (const id of found) tally.add(id);
    return found.length;
  };
}

describe('rankCandidates', () => {
  it('ranks clusters found under more of the lookup terms first, then the first found', () => {
    const lists = { 1: [10, 20, -3], 2: [20, 30], 3: [30, 20, 40] };
    expect(rankCandidates([1, 2, 3], under(lists))).toEqual([20, 30, 10, -3, 40].slice(0, MAX_CANDIDATES));
  });

  it('puts a cluster found under more terms first even when it is found last', () => {
    const ranked = rankCandidates([1, 2], under({ 1: [1, 2, 3, 4, 5, 6], 2: [6] }));
    expect(ranked).toEqual([6, 1, 2, 3, 4]);
  });

  it('reads at most CLUSTERS_PER_TERM clusters of a term, the most recent', () => {
    const many = Array.from({ length: CLUSTERS_PER_TERM + 5 }, (_, n) => 100 + n);
    // The oldest under term 7 is not read there: found under term 8 only, it shares one term, not two.
    const ranked = rankCandidates([7, 8], under({ 7: many, 8: [many.at(-1)!, 100] }));
    expect(ranked).toEqual([100, 101, 102, 103, 104]);
  });

  it('starts afresh for each story', () => {
    rankCandidates([1], under({ 1: [1, 2, 3] }));
    expect(rankCandidates([1], under({ 1: [9] }))).toEqual([9]);
  });
});
