import { describe, expect, it } from 'vitest';
import { describeSpike, formatRate, isSpike } from './spike-policy';

describe('spike policy', () => {
  it('needs both the minimum count and more than factor times the usual rate', () => {
    expect(isSpike({ count: 6, baseline: 1 }, 3, 5)).toBe(true);
    expect(isSpike({ count: 3, baseline: 1 }, 3, 1)).toBe(false);
    expect(isSpike({ count: 4, baseline: 0 }, 3, 5)).toBe(false);
    expect(isSpike({ count: 5, baseline: 0 }, 3, 5)).toBe(true);
    expect(isSpike({ count: 30, baseline: 12 }, 3, 5)).toBe(false);
  });

  it('says how far above the usual rate a watch is', () => {
    expect(describeSpike('Kim Jong Un', 'hour', { count: 14, baseline: 2 })).toBe('Watch "Kim Jong Un": 14 matches in the last hour, 7× its usual 2 an hour');
    expect(describeSpike('Drills', 'day', { count: 9, baseline: 0 })).toBe('Watch "Drills": 9 matches in the last 24 hours (usually none)');
    expect(formatRate(0.357)).toBe('0.4');
    expect(formatRate(12.6)).toBe('13');
    expect(formatRate(0.0417)).toBe('0.04');
  });
});
