import { addTermDocumentCounts, findTermDocumentCounts, type Database, type Kysely, type Transaction } from '@newswatch/db';
import type { Logger } from 'pino';
import type { DocumentFrequencies } from './term-weighting';

/**
 * How long stored counts read once are reused: another process's stories reach this one's
 * weights after at most this; its own at once. A batch then reads only terms new to it.
 */
const STORED_COUNTS_TTL_MS = 60_000;
/** Terms whose stored counts are kept at most (stories with words of their own bring millions). */
const STORED_COUNTS_KEPT = 200_000;
/** Share of stories other processes may add before the cached counts are read again. */
const STALE_SHARE = 0.1;

/**
 * Least time between two flushes: a busy cycle stores a batch every few hundred milliseconds,
 * and each flush upserts every term of what it counted (thousands of rows).
 */
const FLUSH_PAUSE_MS = 1_000;

interface Counts {
  documents: number;
  terms: Map<number, number>;
}

/**
 * The document frequencies of one database, as stored plus what this process counted and has
 * not written yet. Writers add their stories' terms after each commit; the counts reach
 * `term_counts` in one statement per flush, one flush at a time — the rows every writer
 * increments ("said", the total) would otherwise queue the writers behind each other, and a
 * busy cycle would send thousands of such statements. Reads add the unwritten counts, so this
 * process weighs its next story as if they were stored. A crash loses at most one
 * flush of counts: a weight, not a fact anyone reads.
 */
export class TermStatsBuffer {
  readonly #db: Kysely<Database>;
  #pending: Counts = { documents: 0, terms: new Map() };
  #writing: Counts | null = null;
  #flushing: Promise<void> | null = null;
  /** Stored counts read before (what other processes add shows after at most a TTL). */
  readonly #stored = new Map<number, number>();
  #storedTotal = 0;
  #storedAt = 0;
  /** The stored total when the cached counts were read, and what this process added to it since. */
  #filledTotal: number | null = null;
  #ownSinceFill = 0;
  #flushedAt = 0;
  #logger: Logger | undefined;
  /** Set while the database is about to close: waiting counts are written without the pause. */
  #hurry = false;
  /** Ends the running flush's pause early. */
  #endPause: (() => void) | null = null;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Where a failed flush is reported: the counts wait for the next one, and an operator sees why they do not reach the table. */
  reportFailuresTo(logger: Logger): void {
    this.#logger = logger;
  }

  /** The document frequencies of these terms (inside the caller's transaction). */
  async read(trx: Transaction<Database>, terms: readonly number[]): Promise<DocumentFrequencies> {
    if (Date.now() - this.#storedAt > STORED_COUNTS_TTL_MS || this.#stored.size > STORED_COUNTS_KEPT) this.#forgetStored();
    let missing = terms.filter((term) => !this.#stored.has(term));
    // Always asked, with the total: when other processes stored many stories since the counts
    // were read (a young archive, several writers), the cached counts are read again.
    let found = await findTermDocumentCounts(trx, missing);
    if (this.#filledTotal !== null && found.total - this.#filledTotal - this.#ownSinceFill > this.#filledTotal * STALE_SHARE + 10) {
      this.#forgetStored();
      missing = [...terms];
      found = await findTermDocumentCounts(trx, missing);
    }
    this.#filledTotal ??= found.total;
    for (const term of missing) this.#stored.set(term, found.counts.get(term) ?? 0);
    this.#storedTotal = found.total;
    const stored = this.#stored;
    const unwritten = [this.#pending, this.#writing].filter((c): c is Counts => c !== null);
    const total = this.#storedTotal + unwritten.reduce((sum, c) => sum + c.documents, 0);
    return {
      total,
      count: (term) => (stored.get(term) ?? 0) + unwritten.reduce((sum, c) => sum + (c.terms.get(term) ?? 0), 0),
    };
  }

  #forgetStored(): void {
    this.#stored.clear();
    this.#storedAt = Date.now();
    this.#filledTotal = null;
    this.#ownSinceFill = 0;
  }

  /**
   * Counts stored stories; written by the next flush, which this starts unless one is running.
   * Returns nothing to wait on: while stories keep coming the flush loop never ends, and every
   * caller's handler on its promise kept that caller's scope alive — a placing transaction's
   * whole batch — until it did (a bench first cycle held ~100,000 stored stories that way).
   * A failed flush keeps its counts for the next one (the next `add` starts it) and is logged.
   */
  add(documents: number, terms: ReadonlyMap<number, number>): void {
    if (documents > 0) {
      this.#pending.documents += documents;
      for (const [term, count] of terms) this.#pending.terms.set(term, (this.#pending.terms.get(term) ?? 0) + count);
    }
    this.#flushing ??= this.#flush()
      .catch((error: unknown) => {
        const { documents, terms } = this.#pending;
        this.#logger?.warn({ err: error, documents, terms: terms.size }, 'Term counts could not be written; they are kept for the next write');
      })
      .finally(() => {
        this.#flushing = null;
      });
  }

  /**
   * Writes every count still waiting, now: the owner of the database calls this before closing
   * it, for the counts of the last second's stories would otherwise be lost at every stop — and
   * `ingest --once`, which stops after one cycle, would count only the first batch of each run.
   * Throws when the write fails (the counts are then lost with the process).
   */
  async writeWaiting(): Promise<void> {
    this.#hurry = true;
    this.#endPause?.();
    try {
      await this.#flushing;
      if (this.#pending.documents === 0) return;
      const flush = this.#flush();
      this.#flushing = flush
        .catch(() => undefined)
        .finally(() => {
          this.#flushing = null;
        });
      await flush;
    } finally {
      this.#hurry = false;
    }
  }

  async #flush(): Promise<void> {
    while (this.#pending.documents > 0) {
      if (this.#flushedAt > 0 && !this.#hurry) await this.#pause(this.#flushedAt + FLUSH_PAUSE_MS - Date.now());
      this.#flushedAt = Date.now();
      this.#writing = this.#pending;
      this.#pending = { documents: 0, terms: new Map() };
      try {
        await addTermDocumentCounts(this.#db, this.#writing.documents, this.#writing.terms);
        this.#storedTotal += this.#writing.documents;
        this.#ownSinceFill += this.#writing.documents;
        for (const [term, count] of this.#writing.terms) {
          const stored = this.#stored.get(term);
          if (stored !== undefined) this.#stored.set(term, stored + count);
        }
      } catch (error) {
        // Kept for the next flush: a database hiccup must not lose the counts, nor fail a store.
        this.#restore(this.#writing);
        throw error;
      } finally {
        this.#writing = null;
      }
    }
  }

  #pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#endPause = done;
    }).finally(() => {
      this.#endPause = null;
    });
  }

  #restore(counts: Counts): void {
    this.#pending.documents += counts.documents;
    for (const [term, count] of counts.terms) this.#pending.terms.set(term, (this.#pending.terms.get(term) ?? 0) + count);
  }
}

const buffers = new WeakMap<Kysely<Database>, TermStatsBuffer>();

/** Writes the term counts this process holds for `db` (see `TermStatsBuffer.writeWaiting`): call before closing it. */
export function writeWaitingTermCounts(db: Kysely<Database>): Promise<void> {
  return buffers.get(db)?.writeWaiting() ?? Promise.resolve();
}

/** The buffer of this database handle: one per process and database, shared by its writers. */
export function termStatsBufferOf(db: Kysely<Database>): TermStatsBuffer {
  let buffer = buffers.get(db);
  if (!buffer) buffers.set(db, (buffer = new TermStatsBuffer(db)));
  return buffer;
}
