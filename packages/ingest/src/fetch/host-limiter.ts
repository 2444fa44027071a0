/** Politeness settings for {@link HostLimiter}. */
export interface HostLimiterOptions {
  /** Requests in flight to one host at once. */
  maxConcurrentPerHost?: number;
  /** Minimum time between the starts of two requests to one host, in ms. */
  minIntervalMs?: number;
}

/** The host a feed URL is limited under: `URL.host` lower-cased, port included ('' when unparsable). */
export function limiterHost(url: string): string {
  return URL.canParse(url) ? new URL(url).host.toLowerCase() : '';
}

interface HostState {
  active: number;
  lastStartedAt: number;
  queue: (() => void)[];
  timer: NodeJS.Timeout | null;
}

/**
 * Per-host politeness for the scheduler: at most N requests in flight to one host and a
 * minimum spacing between request starts, so fifty feeds on one site do not hit it at
 * once. Hosts are independent; waiting callers start in arrival order.
 */
export class HostLimiter {
  private readonly maxConcurrent: number;
  private readonly minIntervalMs: number;
  private readonly hosts = new Map<string, HostState>();
  /** Hosts that asked us to back off (429, 503 with Retry-After), until when (epoch ms). */
  private readonly pauses = new Map<string, number>();

  constructor(options: HostLimiterOptions = {}) {
    this.maxConcurrent = Math.max(1, options.maxConcurrentPerHost ?? 2);
    this.minIntervalMs = Math.max(0, options.minIntervalMs ?? 1_000);
  }

  /** Runs `fn` when `host` has a free slot and its spacing has elapsed. */
  run<T>(host: string, fn: () => Promise<T>): Promise<T> {
    const key = host.toLowerCase();
    const state = this.stateFor(key);
    return new Promise<T>((resolve, reject) => {
      state.queue.push(() => {
        // A synchronous throw in fn must still release the slot.
        Promise.resolve()
          .then(fn)
          .then(resolve, reject)
          .finally(() => {
            state.active--;
            this.pump(key, state);
          });
      });
      this.pump(key, state);
    });
  }

  /**
   * Whether a request to `host` would start at once (a free slot, spacing elapsed, nobody
   * waiting): lets a worker poll another host's feed first instead of waiting in line here.
   */
  isReady(host: string, now = Date.now()): boolean {
    return this.readyInMs(host, now) === 0;
  }

  /**
   * Milliseconds until a request to `host` could start (0: at once). An estimate when
   * requests are running or waiting there: one spacing per waiting request.
   */
  readyInMs(host: string, now = Date.now()): number {
    const state = this.hosts.get(host) ?? this.hosts.get(host.toLowerCase());
    if (!state) return 0;
    const spacing = Math.max(0, state.lastStartedAt + this.minIntervalMs - now);
    if (state.queue.length === 0 && state.active < this.maxConcurrent) return spacing;
    return Math.max(spacing, 1) + state.queue.length * Math.max(this.minIntervalMs, 1);
  }

  /**
   * Holds every feed of `host` back until `untilMs`: a 429 on one feed of a site speaks for
   * the whole site, so its other feeds are not fetched into the same refusal.
   */
  pause(host: string, untilMs: number): void {
    const key = host.toLowerCase();
    if ((this.pauses.get(key) ?? 0) < untilMs) this.pauses.set(key, untilMs);
  }

  /** When `host` may be fetched again (epoch ms), or null when it is not paused. */
  pausedUntil(host: string, now = Date.now()): number | null {
    const key = host.toLowerCase();
    const until = this.pauses.get(key);
    if (until === undefined) return null;
    if (until <= now) {
      this.pauses.delete(key);
      return null;
    }
    return until;
  }

  /**
   * Hosts a request could not start on right now — in their spacing, at their concurrency
   * limit, or paused — lower-cased as `URL.host`.
   */
  unavailableHosts(now = Date.now()): string[] {
    const hosts: string[] = [];
    for (const key of this.hosts.keys()) if (this.readyInMs(key, now) > 0) hosts.push(key);
    for (const [key, until] of this.pauses) if (until > now && !this.hosts.has(key)) hosts.push(key);
    return hosts;
  }

  /** Hosts with requests running or waiting (for metrics and tests). */
  get busyHosts(): number {
    return this.hosts.size;
  }

  private stateFor(key: string): HostState {
    let state = this.hosts.get(key);
    if (!state) {
      state = { active: 0, lastStartedAt: -Infinity, queue: [], timer: null };
      this.hosts.set(key, state);
    }
    return state;
  }

  private pump(key: string, state: HostState): void {
    if (state.timer) return;
    while (state.queue.length > 0 && state.active < this.maxConcurrent) {
      const wait = state.lastStartedAt + this.minIntervalMs - Date.now();
      if (wait > 0) {
        state.timer = setTimeout(() => {
          state.timer = null;
          this.pump(key, state);
        }, wait);
        return;
      }
      const start = state.queue.shift();
      state.active++;
      state.lastStartedAt = Date.now();
      start?.();
    }
    this.forgetIfIdle(key, state);
  }

  /**
   * Idle hosts are dropped so the map does not grow with every host ever polled; the
   * spacing still holds because a host is only dropped once its interval has passed.
   */
  private forgetIfIdle(key: string, state: HostState): void {
    if (state.active > 0 || state.queue.length > 0) return;
    const remaining = state.lastStartedAt + this.minIntervalMs - Date.now();
    if (remaining <= 0) {
      this.hosts.delete(key);
      return;
    }
    state.timer = setTimeout(() => {
      state.timer = null;
      if (state.active === 0 && state.queue.length === 0) this.hosts.delete(key);
      else this.pump(key, state);
    }, remaining);
    state.timer.unref();
  }
}
