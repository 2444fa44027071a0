/** Thresholds of {@link OutageDetector}. */
export interface OutageDetectorOptions {
  /** How many of the latest fetches are looked at. */
  window?: number;
  /** Fewer recent fetches than this (in `maxAgeMs`) say nothing. */
  minSamples?: number;
  /** Share of the recent fetches that must have failed at the network level. */
  failureRatio?: number;
  /** Failing fetches must span this many hosts: one dead site with many feeds is not an outage. */
  minHosts?: number;
  /** Fetches older than this no longer count. */
  maxAgeMs?: number;
}

export interface OutageVerdict {
  outage: boolean;
  failed: number;
  total: number;
  hosts: number;
}

interface Sample {
  at: number;
  host: string;
  failed: boolean;
}

/**
 * Tells "the feed is down" from "we are down". Every fetch reports whether it reached a server
 * (any HTTP answer, even a 500, proves our network works) or failed below HTTP (DNS, connect,
 * reset, timeout). When nearly all of this process's latest fetches failed that way, across
 * several hosts, the network in front of us is the likely culprit and the feeds must not be
 * punished for it.
 *
 * It is per process on purpose: workers on several machines do not share a network, so one
 * machine's outage must not excuse another machine's broken feeds. A poll cycle asks for a
 * verdict only after more fetches have come back (see `HeldFailures`), so the first failures
 * of an outage are judged together with the ones that follow them in the same cycle.
 */
export class OutageDetector {
  readonly #samples: Sample[] = [];
  readonly #window: number;
  readonly #minSamples: number;
  readonly #failureRatio: number;
  readonly #minHosts: number;
  readonly #maxAgeMs: number;
  #recorded = 0;

  constructor(options: OutageDetectorOptions = {}) {
    this.#window = options.window ?? 20;
    this.#minSamples = options.minSamples ?? 5;
    this.#failureRatio = options.failureRatio ?? 0.9;
    this.#minHosts = options.minHosts ?? 3;
    this.#maxAgeMs = options.maxAgeMs ?? 15 * 60_000;
  }

  /** Reports one fetch: `failed` = no HTTP answer at all. */
  record(host: string, failed: boolean, now = Date.now()): void {
    this.#samples.push({ at: now, host: host.toLowerCase(), failed });
    if (this.#samples.length > this.#window) this.#samples.shift();
    this.#recorded++;
  }

  /** Fetches recorded since the process started: lets a caller wait for later evidence. */
  get recorded(): number {
    return this.#recorded;
  }

  /** Whether the recent fetches look like our own outage. */
  verdict(now = Date.now()): OutageVerdict {
    const recent = this.#samples.filter((s) => now - s.at <= this.#maxAgeMs);
    const failures = recent.filter((s) => s.failed);
    const hosts = new Set(failures.map((s) => s.host)).size;
    const outage = recent.length >= this.#minSamples && failures.length >= this.#failureRatio * recent.length && hosts >= this.#minHosts;
    return { outage, failed: failures.length, total: recent.length, hosts };
  }
}
