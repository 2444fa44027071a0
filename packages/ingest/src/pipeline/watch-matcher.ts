import { listEnabledWatches, recordWatchErrors, watchesVersion, type Database, type Kysely, type WatchHit } from '@newswatch/db';
import { WatchIndex, type MatchDocument } from '@newswatch/match';
import type { Logger } from 'pino';

export type { WatchHit };

export interface WatchMatcherOptions {
  /** Where skipped watches and failures to record them are reported. */
  logger?: Logger;
  /** Work one watch may spend on one story (see @newswatch/match limits); tests lower it. */
  workLimit?: number;
}

/**
 * The enabled watches compiled into one index, rebuilt only when a watch changes: a poll
 * cycle checks a cheap version stamp instead of recompiling a thousand queries.
 *
 * One bad watch never stops the others: a watch whose query no longer compiles is left out
 * of the index, and one that fails or runs over its work budget on a story is skipped for
 * that story; both are recorded on the watch (last_error) for the Watches page. The record
 * is written outside the caller's transaction, after it, so a story's matches and alerts
 * for the other watches are stored as usual.
 */
export class WatchMatcher {
  #version = '';
  #index: WatchIndex = new WatchIndex([]);
  #names = new Map<number, string>();
  /** Failures not yet stored: watch id → message (the latest wins). */
  readonly #pending = new Map<number, string>();
  #recording: Promise<void> = Promise.resolve();
  /** The story being matched, to name it in a failure. */
  #current: MatchDocument | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: WatchMatcherOptions = {},
  ) {}

  /** Reloads the watches if any changed since the last call. */
  async refresh(): Promise<void> {
    const version = await watchesVersion(this.db);
    if (version === this.#version) return;
    const watches = await listEnabledWatches(this.db);
    this.#index = new WatchIndex(
      watches.map((w) => ({ id: w.id, query: w.query })),
      {
        workLimit: this.options.workLimit,
        onMatchError: (id, error) => this.#pending.set(Number(id), `Skipped on a story (${describeStory(this.#current)}): ${error.message}`),
      },
    );
    for (const { watchId, error } of this.#index.errors) {
      this.#pending.set(Number(watchId), `The query no longer compiles, so the watch matches nothing: ${error.message}`);
    }
    this.#names = new Map(watches.map((w) => [w.id, w.name]));
    this.#version = version;
    await this.#record();
  }

  /** The watches the story matches, with spans; watches that fail on it are left out (and recorded). */
  match(doc: MatchDocument): WatchHit[] {
    this.#current = doc;
    const hits = this.#index.matchAll(doc).map((hit) => ({ watchId: Number(hit.watchId), spans: hit.spans }));
    this.#current = null;
    if (this.#pending.size > 0) void this.#record();
    return hits;
  }

  watchName(id: number): string {
    return this.#names.get(id) ?? `watch ${id}`;
  }

  /** Resolves once every failure noted so far is stored (tests, shutdown). */
  async idle(): Promise<void> {
    await this.#recording;
  }

  /**
   * Stores the pending failures. Chained, so writes keep their order; not awaited by match(),
   * which runs inside the story transaction: on PGlite the write simply waits for it.
   */
  #record(): Promise<void> {
    this.#recording = this.#recording.then(async () => {
      if (this.#pending.size === 0) return;
      const errors = [...this.#pending].map(([id, error]) => ({ id, error }));
      this.#pending.clear();
      for (const { id, error } of errors) this.options.logger?.warn({ watch_id: id, error }, 'Watch skipped');
      try {
        await recordWatchErrors(this.db, errors);
      } catch (error) {
        this.options.logger?.error({ err: error, watch_ids: errors.map((e) => e.id) }, 'Recording watch errors failed');
      }
    });
    return this.#recording;
  }
}

function describeStory(doc: MatchDocument | null): string {
  if (!doc) return 'unknown';
  const name = doc.url || doc.title || '';
  return name.length > 200 ? `${name.slice(0, 200)}…` : name || 'untitled';
}
