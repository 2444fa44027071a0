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

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    private readonly alerts: AlertComposer,
    private readonly onDone?: (watchId: number, result: RematchResult) => void,
  ) {}

  enqueue(watchId: number): void {
    this.#pending.add(watchId);
    this.#running ??= this.#drain().finally(() => (this.#running = undefined));
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    for (const watchId of this.#pending) {
      this.#pending.delete(watchId);
      const started = Date.now();
      try {
        const result = await rematchWatch(this.db, watchId, { alerts: this.alerts });
        this.logger.info({ watch_id: watchId, ...snake(result), duration_ms: Date.now() - started }, 'Watch re-matched');
        this.onDone?.(watchId, result);
      } catch (error) {
        this.logger.error({ watch_id: watchId, err: error }, 'Watch re-match failed');
      }
    }
  }
}

const snake = (r: RematchResult) => ({ scanned: r.scanned, added: r.added, removed: r.removed, deliveries_enqueued: r.deliveriesEnqueued, skipped: r.skipped });
