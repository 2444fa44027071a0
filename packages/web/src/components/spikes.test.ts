import { describe, expect, it } from 'vitest';
import { spikeDays } from './spikes';

const series = (counts: number[]) => counts.map((count, i) => ({ date: `d${i}`, count }));

describe('spikeDays', () => {
  it('marks a day far above the days before it', () => {
    expect([...spikeDays(series([1, 2, 1, 0, 2, 1, 1, 2, 1, 12, 3]))]).toEqual(['d9']);
  });
  it('ignores steady volume, small counts and the first week', () => {
    expect(spikeDays(series([5, 6, 5, 6, 5, 6, 5, 6, 5, 6])).size).toBe(0);
    expect(spikeDays(series([0, 0, 0, 0, 0, 0, 0, 0, 2])).size).toBe(0);
    expect(spikeDays(series([20, 0, 0, 0, 0, 0, 0])).size).toBe(0);
  });
});
