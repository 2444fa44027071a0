import type { AlertComposer, Database, Kysely } from '@newswatch/db';
import { rematchWatch, type RematchResult } from '@newswatch/ingest';
import type { Logger } from 'pino';

/**
 * Re-matches edited watches in the background, one at a time. Several edits of one watch
 * while it waits collapse into one run; an edit during its run queues one more run.
 */
export class RematchQueue {
  #pending = new Set<number>();
  #running: Promise<void> | undefined;
  readonly #stop = new AbortController();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    private readonly alerts: AlertComposer,
    private readonly onDone?: (watchId: number, result: RematchResult) => void,
  ) {}

  enqueue(watchId: number): void {
    if (this.#stop.signal.aborted) return;
    this.#pending.add(watchId);
    this.#running ??= this.#drain().finally(() => (this.#running = undefined));
  }

  /** Resolves when nothing is queued or running (tests). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /**
   * Stops between two pages of the re-match under way and runs no more; resolves once it has.
   * What was cut short stays owed in the database (`rematch_due_at`), and the next start runs it.
   */
  async stop(): Promise<void> {
    this.#stop.abort();
    this.#pending.clear();
    await this.idle();
  }

  async #drain(): Promise<void> {
    for (const watchId of this.#pending) {
      this.#pending.delete(watchId);
      const started = Date.now();
      try {
        const result = await rematchWatch(this.db, watchId, { alerts: this.alerts, signal: this.#stop.signal });
        if (this.#stop.signal.aborted) return;
        this.logger.info({ watch_id: watchId, ...snake(result), duration_ms: Date.now() - started }, 'Watch re-matched');
        this.onDone?.(watchId, result);
      } catch (error) {
        this.logger.error({ watch_id: watchId, err: error }, 'Watch re-match failed');
      }
    }
  }
}

const snake = (r: RematchResult) => ({ scanned: r.scanned, added: r.added, removed: r.removed, deliveries_enqueued: r.deliveriesEnqueued, skipped: r.skipped });
