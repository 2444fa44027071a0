import { describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ATTEMPTS, MAX_RETRY_AFTER_MS, RETRY_SCHEDULE_MS, nextAttemptDelay, retryDelayAfter } from './retry-policy';

const middle = () => 0.5;

describe('nextAttemptDelay', () => {
  it('follows the documented schedule without jitter at the midpoint', () => {
    const waits = Array.from({ length: MAX_DELIVERY_ATTEMPTS - 1 }, (_, index) => nextAttemptDelay(index + 1, middle));
    expect(waits).toEqual([5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000]);
    expect(MAX_DELIVERY_ATTEMPTS).toBe(13);
  });

  it('tries the first attempt at once and gives up after the last', () => {
    expect(nextAttemptDelay(0)).toBe(0);
    expect(nextAttemptDelay(MAX_DELIVERY_ATTEMPTS - 1, middle)).toBe(86_400_000);
    expect(nextAttemptDelay(MAX_DELIVERY_ATTEMPTS, middle)).toBeNull();
    expect(nextAttemptDelay(100, middle)).toBeNull();
  });

  it('spreads each wait by ±20 %', () => {
    RETRY_SCHEDULE_MS.forEach((base, index) => {
      expect(nextAttemptDelay(index + 1, () => 0)).toBe(Math.round(base * 0.8));
      expect(nextAttemptDelay(index + 1, () => 0.999999)).toBeLessThanOrEqual(Math.round(base * 1.2));
    });
    const spread = new Set(Array.from({ length: 50 }, () => nextAttemptDelay(3)));
    expect(spread.size).toBeGreaterThan(1);
  });

  it('keeps the total span of retries around three days', () => {
    const total = RETRY_SCHEDULE_MS.reduce((sum, wait) => sum + wait, 0);
    expect(total / 3_600_000).toBeGreaterThan(72);
    expect(total / 3_600_000).toBeLessThan(80);
  });
});

describe('retryDelayAfter', () => {
  const retryable = { permanent: false, retryAfterSeconds: null };

  it('stops at once on a permanent failure', () => {
    expect(retryDelayAfter(1, { permanent: true, retryAfterSeconds: null }, middle)).toBeNull();
  });

  it('uses the schedule when the peer gave no Retry-After', () => {
    expect(retryDelayAfter(2, retryable, middle)).toBe(30_000);
  });

  it('waits longer when Retry-After asks for more, never less, and at most a day', () => {
    expect(retryDelayAfter(1, { permanent: false, retryAfterSeconds: 120 }, middle)).toBe(120_000);
    expect(retryDelayAfter(5, { permanent: false, retryAfterSeconds: 1 }, middle)).toBe(1_800_000);
    expect(retryDelayAfter(1, { permanent: false, retryAfterSeconds: 7 * 86_400 }, middle)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('goes dead when the schedule is exhausted, whatever Retry-After says', () => {
    expect(retryDelayAfter(MAX_DELIVERY_ATTEMPTS, { permanent: false, retryAfterSeconds: 5 }, middle)).toBeNull();
  });
});
