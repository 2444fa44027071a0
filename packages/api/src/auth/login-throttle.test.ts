import { describe, expect, it } from 'vitest';
import { FailureBackoff, LoginThrottle } from './login-throttle';

const policy = { freeFailures: 5, baseMs: 1000, capMs: 8000, forgetMs: 60_000 };

describe('FailureBackoff', () => {
  it('lets the first failures through, then doubles the wait up to the cap', () => {
    const backoff = new FailureBackoff(policy);
    const waits: number[] = [];
    let now = 0;
    for (let i = 0; i < 10; i++) {
      now += backoff.waitMs('k', now);
      backoff.fail('k', now);
      waits.push(backoff.waitMs('k', now));
    }
    expect(waits).toEqual([0, 0, 0, 0, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('forgets after a quiet spell and on success', () => {
    const backoff = new FailureBackoff(policy);
    for (let i = 0; i < 6; i++) backoff.fail('k', 0);
    expect(backoff.waitMs('k', 0)).toBe(2000);
    expect(backoff.waitMs('k', 60_001)).toBe(0);
    for (let i = 0; i < 6; i++) backoff.fail('k', 100_000);
    backoff.succeed('k');
    expect(backoff.waitMs('k', 100_000)).toBe(0);
  });

  it('stays bounded under a flood of keys, dropping the longest idle', () => {
    const backoff = new FailureBackoff(policy, 100);
    for (let i = 0; i < 6; i++) backoff.fail('attacker', 0);
    for (let i = 0; i < 1000; i++) backoff.fail(`made-up-${i}@example.org`, 1);
    expect(backoff.waitMs('attacker', 1)).toBe(0);
    expect(backoff.waitMs('made-up-999@example.org', 1)).toBe(0);
  });
});

describe('LoginThrottle', () => {
  it('holds a guesser to its address backoff while the owner, elsewhere, waits at most the account cap', () => {
    const throttle = new LoginThrottle({ ...policy, capMs: 300_000, forgetMs: 3_600_000 }, { ...policy, capMs: 30_000, forgetMs: 3_600_000 });
    let now = 0;
    for (let i = 0; i < 20; i++) {
      now += throttle.retryAfterSeconds('203.0.113.9', 'admin@example.org', now) * 1000;
      throttle.fail('203.0.113.9', 'admin@example.org', now);
    }
    expect(throttle.retryAfterSeconds('203.0.113.9', 'admin@example.org', now)).toBe(300);
    expect(throttle.retryAfterSeconds('203.0.113.9', 'other@example.org', now)).toBe(300);
    expect(throttle.retryAfterSeconds('198.51.100.7', 'admin@example.org', now)).toBe(30);
    throttle.succeed('198.51.100.7', 'admin@example.org');
    expect(throttle.retryAfterSeconds('198.51.100.7', 'admin@example.org', now)).toBe(0);
  });
});
