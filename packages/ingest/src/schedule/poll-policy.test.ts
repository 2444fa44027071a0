import { describe, expect, it } from 'vitest';
import { defaultPollPolicy, intervalAfterFailure, intervalAfterSuccess, intervalDuringOutage, publishingStats, type SuccessSignals } from './poll-policy';

const now = new Date('2026-11-28T12:00:00Z');
const noJitter = () => 0.5;
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const base: SuccessSignals = { fixedIntervalS: null, itemGapS: null, newestItemAt: null, maxAgeSeconds: null, ttlSeconds: null };
const success = (signals: Partial<SuccessSignals>) => intervalAfterSuccess({ ...base, ...signals }, defaultPollPolicy, now, noJitter);

describe('publishingStats', () => {
  it('takes the median gap of the dated items and the newest date', () => {
    const stats = publishingStats([minutesAgo(1), minutesAgo(11), null, minutesAgo(21), minutesAgo(81)]);
    expect(stats).toEqual({ itemGapS: 600, newestItemAt: minutesAgo(1) });
  });

  it('has no pace with fewer than three distinct dates (undated items do not count as "now")', () => {
    expect(publishingStats([minutesAgo(5), minutesAgo(5), null, null]).itemGapS).toBeNull();
    expect(publishingStats([]).newestItemAt).toBeNull();
  });
});

describe('intervalAfterSuccess', () => {
  it('polls at half the typical gap between items', () => {
    expect(success({ itemGapS: 600, newestItemAt: minutesAgo(2) })).toBe(300);
  });

  it('keeps within the minimum and maximum interval', () => {
    expect(success({ itemGapS: 20, newestItemAt: minutesAgo(0) })).toBe(60);
    expect(success({ itemGapS: 7 * 86_400, newestItemAt: minutesAgo(0) })).toBe(3600);
  });

  it('slows down a feed that went quiet, and is fast again once it publishes', () => {
    expect(success({ itemGapS: 240, newestItemAt: minutesAgo(120) })).toBe(1800);
    expect(success({ itemGapS: 240, newestItemAt: minutesAgo(1) })).toBe(120);
  });

  it('uses the default without a publishing history', () => {
    expect(success({})).toBe(defaultPollPolicy.defaultIntervalS);
  });

  it('never polls sooner than Cache-Control max-age or <ttl>, but caps them at the maximum', () => {
    expect(success({ itemGapS: 120, newestItemAt: minutesAgo(0), maxAgeSeconds: 900 })).toBe(900);
    expect(success({ itemGapS: 120, newestItemAt: minutesAgo(0), ttlSeconds: 1800 })).toBe(1800);
    expect(success({ itemGapS: 120, newestItemAt: minutesAgo(0), ttlSeconds: 7 * 86_400 })).toBe(3600);
  });

  it('lets a fixed interval win over the guess, but not over the publisher floor', () => {
    expect(success({ fixedIntervalS: 120, itemGapS: 7200 })).toBe(120);
    expect(success({ fixedIntervalS: 120, ttlSeconds: 600 })).toBe(600);
  });

  it('polls a pushed (WebSub) feed only as a safety net', () => {
    expect(success({ itemGapS: 120, newestItemAt: minutesAgo(0), pushed: true })).toBe(3600);
  });

  it('jitters by at most ±10%', () => {
    const low = intervalAfterSuccess({ ...base, itemGapS: 600, newestItemAt: now }, defaultPollPolicy, now, () => 0);
    const high = intervalAfterSuccess({ ...base, itemGapS: 600, newestItemAt: now }, defaultPollPolicy, now, () => 0.999);
    expect([low, high]).toEqual([270, 330]);
  });
});

describe('intervalAfterFailure', () => {
  it('doubles per consecutive failure from the minimum interval', () => {
    expect([1, 2, 3, 4, 5].map((n) => intervalAfterFailure(n, null, defaultPollPolicy, noJitter))).toEqual([60, 120, 240, 480, 960]);
  });

  it('never gives up: a broken feed is retried at most a day later, forever', () => {
    for (const n of [12, 13, 50, 10_000]) {
      const s = intervalAfterFailure(n, null, defaultPollPolicy, Math.random);
      expect(s).toBeGreaterThan(0.79 * 86_400);
      expect(s).toBeLessThanOrEqual(86_400);
    }
  });

  it('spreads feeds that failed together (±20% jitter)', () => {
    expect(intervalAfterFailure(3, null, defaultPollPolicy, () => 0)).toBe(192);
    expect(intervalAfterFailure(3, null, defaultPollPolicy, () => 0.999)).toBe(288);
  });

  it('honours a longer Retry-After, within the daily cap', () => {
    expect(intervalAfterFailure(1, 900, defaultPollPolicy, noJitter)).toBe(900);
    expect(intervalAfterFailure(1, 10, defaultPollPolicy, noJitter)).toBe(60);
    expect(intervalAfterFailure(1, 30 * 86_400, defaultPollPolicy, noJitter)).toBe(86_400);
  });

  it('does not retry a fixed-interval feed sooner than its interval', () => {
    expect(intervalAfterFailure(1, null, defaultPollPolicy, noJitter, 1800)).toBe(1800);
  });
});

describe('intervalDuringOutage', () => {
  it('retries within the outage window, at least halfway through it', () => {
    expect(intervalDuringOutage(defaultPollPolicy, () => 0)).toBe(150);
    expect(intervalDuringOutage(defaultPollPolicy, () => 0.999)).toBeLessThanOrEqual(300);
  });
});
