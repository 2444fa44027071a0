import { describe, expect, it } from 'vitest';
import { HostLimiter } from './host-limiter';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HostLimiter', () => {
  it('caps requests in flight per host', async () => {
    const limiter = new HostLimiter({ maxConcurrentPerHost: 2, minIntervalMs: 0 });
    let active = 0;
    let peak = 0;
    const task = async () => {
      active++;
      peak = Math.max(peak, active);
      await sleep(20);
      active--;
    };
    await Promise.all(Array.from({ length: 6 }, () => limiter.run('example.com', task)));
    expect(peak).toBe(2);
  });

  it('spaces request starts to one host', async () => {
    const limiter = new HostLimiter({ maxConcurrentPerHost: 5, minIntervalMs: 50 });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 3 }, () => limiter.run('Example.COM', async () => void starts.push(Date.now()))));
    expect((starts[1] as number) - (starts[0] as number)).toBeGreaterThanOrEqual(45);
    expect((starts[2] as number) - (starts[1] as number)).toBeGreaterThanOrEqual(45);
  });

  it('does not hold one host back for another', async () => {
    const limiter = new HostLimiter({ maxConcurrentPerHost: 1, minIntervalMs: 200 });
    const started = Date.now();
    await Promise.all(['a.example', 'b.example', 'c.example'].map((host) => limiter.run(host, async () => host)));
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('passes results and errors through and frees the slot on failure', async () => {
    const limiter = new HostLimiter({ maxConcurrentPerHost: 1, minIntervalMs: 0 });
    await expect(limiter.run('h', async () => 42)).resolves.toBe(42);
    await expect(
      limiter.run('h', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(limiter.run('h', async () => 'after')).resolves.toBe('after');
  });

  it('forgets idle hosts', async () => {
    const limiter = new HostLimiter({ minIntervalMs: 10 });
    await limiter.run('h', async () => undefined);
    await sleep(30);
    expect(limiter.busyHosts).toBe(0);
  });
});

describe('HostLimiter pauses', () => {
  it('holds a host back until its pause ends, other hosts unaffected', () => {
    const limiter = new HostLimiter();
    limiter.pause('Slow.example', 10_000);
    expect(limiter.pausedUntil('slow.example', 5_000)).toBe(10_000);
    expect(limiter.pausedUntil('other.example', 5_000)).toBeNull();
    limiter.pause('slow.example', 8_000);
    expect(limiter.pausedUntil('slow.example', 5_000)).toBe(10_000);
    expect(limiter.pausedUntil('slow.example', 10_001)).toBeNull();
  });
});

describe('HostLimiter readiness', () => {
  it('says whether a request would start at once', async () => {
    const limiter = new HostLimiter({ maxConcurrentPerHost: 1, minIntervalMs: 50 });
    expect(limiter.isReady('a.example')).toBe(true);
    let release!: () => void;
    const running = limiter.run('a.example', () => new Promise<void>((resolve) => (release = resolve)));
    expect(limiter.isReady('a.example')).toBe(false);
    await sleep(0);
    expect(limiter.isReady('b.example')).toBe(true);
    release();
    await running;
    expect(limiter.isReady('a.example')).toBe(false);
    await sleep(60);
    expect(limiter.isReady('a.example')).toBe(true);
  });
});

describe('HostLimiter unavailable hosts', () => {
  it('lists hosts in their spacing, at their limit or paused, and forgets them once free', async () => {
    const limiter = new HostLimiter({ maxConcurrentPerHost: 1, minIntervalMs: 40 });
    let release!: () => void;
    const running = limiter.run('Running.example', () => new Promise<void>((resolve) => (release = resolve)));
    await limiter.run('spaced.example', async () => undefined);
    limiter.pause('paused.example', Date.now() + 60_000);
    expect(limiter.unavailableHosts().sort()).toEqual(['paused.example', 'running.example', 'spaced.example']);
    expect(limiter.readyInMs('spaced.example')).toBeGreaterThan(0);
    expect(limiter.readyInMs('spaced.example')).toBeLessThanOrEqual(40);
    release();
    await running;
    await sleep(50);
    expect(limiter.unavailableHosts()).toEqual(['paused.example']);
    expect(limiter.readyInMs('spaced.example')).toBe(0);
  });
});
