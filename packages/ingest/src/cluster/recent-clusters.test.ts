import { describe, expect, it } from 'vitest';
import type { ClusterProfile } from './cluster-profile';
import { RecentClusters } from './recent-clusters';
import { TermVector } from './term-vector';
import { Vocabulary } from './vocabulary';

const vocabulary = new Vocabulary();
const at = new Date('2026-12-05T08:00:00Z');

/** A profile of `size` terms numbered from `first` (weights tell the versions apart; the first term is the heaviest). */
function profileOf(first: number, size: number, version: number): ClusterProfile {
  const ids = Int32Array.from({ length: size }, (_, k) => first + k);
  const weights = Float32Array.from({ length: size }, (_, k) => (size - k) * 10 + version);
  const vector = new TermVector(ids, weights, vocabulary);
  return { title: new TermVector(ids.slice(0, 3), weights.slice(0, 3), vocabulary), text: vector, firstPublishedAt: at, lastPublishedAt: at, size: version };
}

describe('RecentClusters', () => {
  it('reads every cluster back as last put while its vectors are re-put, grown, compacted and forgotten', () => {
    const recent = new RecentClusters(vocabulary);
    const last = new Map<number, ClusterProfile>();
    // 4,000 clusters of 20–60 terms (past the pool's first 65,536 places), then three rounds of
    // re-puts with other sizes (waste, so compaction) and some clusters forgotten.
    for (let id = 1; id <= 4_000; id++) {
      const profile = profileOf(id * 100, 20 + (id % 41), 1);
      recent.put(id, profile);
      last.set(id, profile);
    }
    for (let round = 2; round <= 4; round++) {
      for (let id = round; id <= 4_000; id += 2) {
        const profile = profileOf(id * 100, 10 + ((id * round) % 70), round);
        recent.put(id, profile);
        last.set(id, profile);
      }
      for (let id = round * 500; id < round * 500 + 50; id++) {
        recent.delete(id);
        last.delete(id);
      }
    }

    expect(recent.size).toBe(last.size);
    for (const [id, profile] of last) {
      const read = recent.profile(id)!;
      expect([...read.text.ids]).toEqual([...profile.text.ids]);
      expect([...read.text.weights]).toEqual([...profile.text.weights]);
      expect([...read.title.ids]).toEqual([...profile.title.ids]);
      expect(read.size).toBe(profile.size);
    }
    expect(recent.profile(2_000)).toBeUndefined();
    // Found under its heaviest term, as last indexed.
    expect(recent.candidates([3_999 * 100], at.getTime() - 1)).toEqual([3_999]);
    expect(recent.candidates([2_000 * 100], at.getTime() - 1)).toEqual([]);
  });
});
