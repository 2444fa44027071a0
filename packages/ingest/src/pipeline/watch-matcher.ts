import { listEnabledWatches, watchesVersion, type Database, type Kysely, type WatchHit } from '@newswatch/db';
import { WatchIndex } from '@newswatch/match';

export interface MatchDoc {
  title?: string;
  summary?: string;
  content?: string;
  author?: string;
  source?: string;
  url?: string;
  lang?: string;
}

export type { WatchHit };

/**
 * The enabled watches compiled into one index, rebuilt only when a watch changes: a poll
 * cycle checks a cheap version stamp instead of recompiling a thousand queries.
 */
export class WatchMatcher {
  #version = '';
  #index: WatchIndex = new WatchIndex([]);
  #names = new Map<number, string>();

  constructor(private readonly db: Kysely<Database>) {}

  /** Reloads the watches if any changed since the last call. */
  async refresh(): Promise<void> {
    const version = await watchesVersion(this.db);
    if (version === this.#version) return;
    const watches = await listEnabledWatches(this.db);
    this.#index = new WatchIndex(watches.map((w) => ({ id: w.id, query: w.query })));
    this.#names = new Map(watches.map((w) => [w.id, w.name]));
    this.#version = version;
  }

  match(doc: MatchDoc): WatchHit[] {
    return this.#index.matchAll(doc).map((hit) => ({ watchId: Number(hit.watchId), spans: hit.spans }));
  }

  watchName(id: number): string {
    return this.#names.get(id) ?? `watch ${id}`;
  }
}
