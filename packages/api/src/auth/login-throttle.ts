/** How one kind of key (a client address, an account) is slowed down after failed logins. */
export interface BackoffPolicy {
  /** Failures allowed back to back before any wait. */
  freeFailures: number;
  /** Wait after the first failure past the free ones; doubles with each further failure. */
  baseMs: number;
  /** Longest wait between two attempts. */
  capMs: number;
  /** Failures are forgotten after this long without another. */
  forgetMs: number;
}

/** A client address: an attacker's own address ends up waiting minutes between guesses. */
export const ADDRESS_BACKOFF: BackoffPolicy = { freeFailures: 5, baseMs: 1000, capMs: 5 * 60_000, forgetMs: 60 * 60_000 };
/**
 * An account, from any address: a guesser spread over many addresses is held to one guess per
 * 30 s, and the real owner, from an address of their own, is only ever made to wait that long.
 */
export const ACCOUNT_BACKOFF: BackoffPolicy = { freeFailures: 5, baseMs: 1000, capMs: 30_000, forgetMs: 60 * 60_000 };

interface Failures {
  count: number;
  lastAt: number;
}

/**
 * Exponential backoff per key: after `freeFailures` failures, the next attempt must wait
 * base, 2·base, 4·base… up to the cap, counted from the last failure. In memory (a restart
 * forgets, acceptable for a single-tenant tool) and bounded: past `maxKeys` the longest-idle
 * keys are dropped, so a flood of made-up emails cannot grow it without end.
 */
export class FailureBackoff {
  readonly #failures = new Map<string, Failures>();

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly maxKeys = 100_000,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may now. */
  waitMs(key: string, now = Date.now()): number {
    const entry = this.#live(key, now);
    if (!entry || entry.count < this.policy.freeFailures) return 0;
    const steps = Math.min(entry.count - this.policy.freeFailures, 30);
    const delay = Math.min(this.policy.capMs, this.policy.baseMs * 2 ** steps);
    return Math.max(0, entry.lastAt + delay - now);
  }

  fail(key: string, now = Date.now()): void {
    const count = (this.#live(key, now)?.count ?? 0) + 1;
    // Re-inserting moves the key to the end: the map's order is least recently failed first.
    this.#failures.delete(key);
    this.#failures.set(key, { count, lastAt: now });
    for (const oldest of this.#failures.keys()) {
      if (this.#failures.size <= this.maxKeys) break;
      this.#failures.delete(oldest);
    }
  }

  succeed(key: string): void {
    this.#failures.delete(key);
  }

  #live(key: string, now: number): Failures | undefined {
    const entry = this.#failures.get(key);
    if (entry && now - entry.lastAt > this.policy.forgetMs) {
      this.#failures.delete(key);
      return undefined;
    }
    return entry;
  }
}

/**
 * The login rate limit: per client address and per account, each with its own backoff. An
 * attempt must wait for both; a failure counts against both; a success clears both.
 */
export class LoginThrottle {
  readonly #byAddress: FailureBackoff;
  readonly #byAccount: FailureBackoff;

  constructor(address: BackoffPolicy = ADDRESS_BACKOFF, account: BackoffPolicy = ACCOUNT_BACKOFF) {
    this.#byAddress = new FailureBackoff(address);
    this.#byAccount = new FailureBackoff(account);
  }

  /** Whole seconds to wait before this address may try this account; 0 when it may now. */
  retryAfterSeconds(address: string, account: string, now = Date.now()): number {
    return Math.ceil(Math.max(this.#byAddress.waitMs(address, now), this.#byAccount.waitMs(account, now)) / 1000);
  }

  fail(address: string, account: string, now = Date.now()): void {
    this.#byAddress.fail(address, now);
    this.#byAccount.fail(account, now);
  }

  succeed(address: string, account: string): void {
    this.#byAddress.succeed(address);
    this.#byAccount.succeed(account);
  }
}
