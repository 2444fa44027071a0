import type { FeedStoreContext } from './feed-store';
import { placeBacklog } from './place-backlog';
import { addStoreResult, emptyStoreResult, type StoreResult } from './store-items';

/**
 * How long a poll cycle's store waits, after keeping a first poll's items, for more before
 * placing what waits, once no other first poll is still to come. A feed added alone, while
 * another feed's fetch holds the cycle open, is placed a second after it was read.
 */
export const BACKLOG_QUIET_MS = 1_000;

/**
 * Places a poll cycle's first polls (`placeBacklog`) once they stop coming: a quiet second
 * after the last one was kept, when no other first poll is still to come (`firstPollsToCome`:
 * the poll cycle knows which are queued, being fetched or due), and at the cycle's end. One
 * placement at a time; what each placed adds up.
 */
export class BacklogPlacer {
  readonly #ctx: FeedStoreContext;
  readonly #firstPollsToCome: () => Promise<boolean>;
  readonly #onPlaced: ((placed: StoreResult) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #placing: Promise<void> = Promise.resolve();
  readonly #placed = emptyStoreResult();
  readonly #stopping: AbortSignal | undefined;

  /** Once `stopping` is aborted it places nothing more: a placement under way ends at its next transaction, and what waits stays in the database. */
  constructor(ctx: FeedStoreContext, firstPollsToCome: () => Promise<boolean>, onPlaced?: (placed: StoreResult) => void, stopping?: AbortSignal) {
    this.#ctx = ctx;
    this.#firstPollsToCome = firstPollsToCome;
    this.#onPlaced = onPlaced;
    this.#stopping = stopping;
    stopping?.addEventListener('abort', () => clearTimeout(this.#timer), { once: true });
  }

  /** A first poll's items were kept: place them once first polls stop coming. */
  kept(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#placeWhenQuiet(), BACKLOG_QUIET_MS);
  }

  /** Places everything waiting now (once stopped: only waits for the placement under way); returns what this placer placed in all. */
  async finish(): Promise<StoreResult> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#stopping?.aborted) await this.#placing.catch(() => undefined);
    else await this.#place();
    return { ...this.#placed };
  }

  async #placeWhenQuiet(): Promise<void> {
    this.#timer = undefined;
    if (this.#stopping?.aborted) return;
    try {
      if (await this.#firstPollsToCome()) {
        // Unless another first poll was kept meanwhile (its own timer is running).
        this.#timer ??= setTimeout(() => void this.#placeWhenQuiet(), BACKLOG_QUIET_MS);
        return;
      }
      await this.#place();
    } catch {
      // The items stay waiting (a failed placement rolled back): `finish` places them again
      // and reports its failure to the cycle.
    }
  }

  #place(): Promise<void> {
    const run = this.#placing
      .catch(() => undefined)
      .then(async () => {
        const placed = await placeBacklog(this.#ctx, this.#stopping);
        addStoreResult(this.#placed, placed);
        if (placed.inserted > 0) this.#onPlaced?.(placed);
      });
    this.#placing = run;
    return run;
  }
}
