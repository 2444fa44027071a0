import type { FeedStoreContext } from './feed-store';
import { placeBacklog } from './place-backlog';
import type { StoreResult } from './store-items';

/**
 * How long a poll cycle's store waits, after keeping a first poll's items, for more before
 * placing what waits. First polls of feeds added together end within milliseconds of each other
 * while the cycle reads them, so they are placed together; a feed added alone, while another
 * feed's fetch holds the cycle open, is placed a second after it was read.
 */
export const BACKLOG_QUIET_MS = 1_000;

/**
 * Places a poll cycle's first polls (`placeBacklog`) once they stop coming: after a quiet
 * second, and at the cycle's end. One placement at a time; what each placed adds up.
 */
export class BacklogPlacer {
  readonly #ctx: FeedStoreContext;
  readonly #quietMs: number;
  #timer: NodeJS.Timeout | undefined;
  #placing: Promise<void> = Promise.resolve();
  readonly #placed: StoreResult = { inserted: 0, updated: 0, matched: 0, deliveriesEnqueued: 0 };

  constructor(ctx: FeedStoreContext, quietMs = BACKLOG_QUIET_MS) {
    this.#ctx = ctx;
    this.#quietMs = quietMs;
  }

  /** A first poll's items were kept: place them once no other comes for the quiet period. */
  kept(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // A failure here leaves the items waiting (the transaction rolled back): `finish`
      // places them again and reports its failure to the cycle.
      void this.#place().catch(() => undefined);
    }, this.#quietMs);
  }

  /** Places everything waiting now; returns what this placer placed in all. */
  async finish(): Promise<StoreResult> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#place();
    return { ...this.#placed };
  }

  #place(): Promise<void> {
    const run = this.#placing
      .catch(() => undefined)
      .then(async () => {
        const placed = await placeBacklog(this.#ctx);
        this.#placed.inserted += placed.inserted;
        this.#placed.matched += placed.matched;
        this.#placed.deliveriesEnqueued += placed.deliveriesEnqueued;
      });
    this.#placing = run;
    return run;
  }
}
