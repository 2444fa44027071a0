import { DocumentAnalyzer } from './analyze';
import { compileSource } from './compile';
import { QuerySyntaxError } from './errors';
import { evaluate } from './evaluate';
import { explainMatch } from './explain';
import type { MatchDocument } from './fields';
import type { MatchNode } from './match-node';
import { MAX_MATCH_WORK } from './limits';
import { MatchBudget } from './match-budget';
import { PositionalHits } from './positional-hits';
import { PreparedDocument } from './prepared-document';
import type { Span } from './span';
import { TermDictionary } from './term-dictionary';
import { staticLeafCost, triggerSet, type LeafCost } from './trigger-set';

/** A watch's id as the caller stores it. */
export type WatchId = number | string;

/** A saved query to put in the index. */
export interface WatchDefinition {
  id: WatchId;
  query: string;
}

/** A watch that matched a story, with the spans to highlight. */
export interface WatchHit {
  watchId: WatchId;
  spans: Span[];
}

/** A watch left out of the index because its query does not compile. */
export interface WatchError {
  watchId: WatchId;
  query: string;
  error: QuerySyntaxError;
}

export interface WatchIndexOptions {
  /**
   * What an invalid query does: `skip` (default) leaves that watch out and lists it in
   * `errors`, so one bad watch never stops the others; `throw` rethrows the first error.
   */
  invalid?: 'skip' | 'throw';
  /**
   * Called when matching or explaining one watch against one story throws (more work than
   * MAX_MATCH_WORK — a MatchBudgetError — or a bug): that watch is skipped for that story and
   * the others still match. Without it the failure is only counted in `stats.failed`.
   */
  onMatchError?: (watchId: WatchId, error: Error) => void;
  /** Work one watch may spend on one story (default MAX_MATCH_WORK, see limits.ts). */
  workLimit?: number;
}

/** Running totals, for metrics and for judging the prefilter. */
export interface WatchIndexStats {
  /** Stories matched so far. */
  stories: number;
  /** Watches evaluated (woken by the prefilter) over all those stories. */
  evaluated: number;
  /** Watches that matched over all those stories. */
  matched: number;
  /** Watch evaluations that failed and were skipped (see `onMatchError`). */
  failed: number;
}

interface IndexedWatch {
  id: WatchId;
  node: MatchNode;
}

/** Stories between the first re-tunings of the prefilter; the interval doubles up to the cap. */
const FIRST_RETUNE = 256;
const MAX_RETUNE_INTERVAL = 1 << 16;

/**
 * Many watches compiled into one term dictionary, matched against a story in one pass:
 * the story is tokenized once, each token is looked up once, the leaves it hits wake up
 * only the watches they can trigger (see trigger-set.ts), and only those are evaluated.
 *
 * Which words trigger a watch is re-chosen as stories go by: the index counts in how many
 * stories each leaf occurs and prefers the rarest, so `("sanctions" OR "tariffs") NEAR/5
 * "Kamirodor"` ends up woken by Kamirodor, not by words that are in every story. This never
 * changes an answer, only how many watches are evaluated for nothing.
 */
export class WatchIndex {
  /** Watches whose query did not compile (with `invalid: 'skip'`). */
  readonly errors: readonly WatchError[];
  readonly #dict = new TermDictionary();
  readonly #watches: IndexedWatch[] = [];
  #postings: number[][] = [];
  #always: number[] = [];
  readonly #analyzer: DocumentAnalyzer;
  #fieldMask = 0;
  #stamp = new Uint32Array(0);
  #gen = 0;
  /** In how many of the stories seen so far each leaf occurred. */
  #documentFrequency: Uint32Array;
  #seen = 0;
  #nextRetune = FIRST_RETUNE;
  #evaluated = 0;
  #matched = 0;
  #failed = 0;
  readonly #onMatchError: ((watchId: WatchId, error: Error) => void) | undefined;
  readonly #workLimit: number;

  constructor(watches: Iterable<WatchDefinition>, options: WatchIndexOptions = {}) {
    this.#onMatchError = options.onMatchError;
    this.#workLimit = options.workLimit ?? MAX_MATCH_WORK;
    const errors: WatchError[] = [];
    for (const watch of watches) {
      let compiled;
      try {
        compiled = compileSource(watch.query, this.#dict);
      } catch (error) {
        if (!(error instanceof QuerySyntaxError) || options.invalid === 'throw') throw error;
        errors.push({ watchId: watch.id, query: watch.query, error });
        continue;
      }
      this.#watches.push({ id: watch.id, node: compiled.node });
      this.#fieldMask |= compiled.fieldMask;
    }
    this.errors = errors;
    this.#stamp = new Uint32Array(this.#watches.length);
    this.#documentFrequency = new Uint32Array(this.#dict.size);
    this.#analyzer = new DocumentAnalyzer(this.#dict);
    const leaves = this.#dict.leaves;
    this.#buildPostings((leaf) => staticLeafCost(leaves[leaf]!));
  }

  #buildPostings(cost: LeafCost): void {
    const postings: number[][] = [];
    const always: number[] = [];
    for (let w = 0; w < this.#watches.length; w++) {
      const trigger = triggerSet(this.#watches[w]!.node, cost);
      if (trigger === null) {
        always.push(w);
        continue;
      }
      for (const leaf of trigger) (postings[leaf] ??= []).push(w);
    }
    this.#postings = postings;
    this.#always = always;
  }

  /** Re-chooses every watch's triggers from the observed frequencies (static guess breaks ties). */
  #retune(): void {
    const df = this.#documentFrequency;
    const leaves = this.#dict.leaves;
    const seen = this.#seen;
    this.#buildPostings((leaf) => df[leaf]! / seen + staticLeafCost(leaves[leaf]!) * 1e-6);
    this.#nextRetune = seen + Math.min(seen, MAX_RETUNE_INTERVAL);
  }

  /** Counters since the index was built. */
  get stats(): WatchIndexStats {
    return { stories: this.#seen, evaluated: this.#evaluated, matched: this.#matched, failed: this.#failed };
  }

  /** How many watches are indexed (invalid ones excluded). */
  get size(): number {
    return this.#watches.length;
  }

  /** Every watch the story matches, in the order the watches were given, with spans. */
  matchAll(doc: MatchDocument | PreparedDocument): WatchHit[] {
    if (this.#watches.length === 0) return [];
    const hits = doc instanceof PreparedDocument ? this.#analyzer.analyzePrepared(doc) : this.#analyzer.analyze(doc, this.#fieldMask);
    if (++this.#gen === 0xffffffff) {
      this.#stamp.fill(0);
      this.#gen = 1;
    }
    const gen = this.#gen;
    const stamp = this.#stamp;
    const candidates: number[] = [];
    const df = this.#documentFrequency;
    const postings = this.#postings;
    for (const leaf of hits.touched) {
      df[leaf]!++;
      const posting = postings[leaf];
      if (posting === undefined) continue;
      for (const w of posting) {
        if (stamp[w] === gen) continue;
        stamp[w] = gen;
        candidates.push(w);
      }
    }
    for (const w of this.#always) candidates.push(w);
    const matched: number[] = [];
    // Each watch's NEAR lists and work budget, kept from matching for explaining.
    const positionsOf = new Map<number, PositionalHits>();
    for (const w of candidates) {
      const positions = new PositionalHits(hits, new MatchBudget(this.#workLimit));
      try {
        if (!evaluate(this.#watches[w]!.node, positions)) continue;
      } catch (error) {
        this.#fail(w, error);
        continue;
      }
      matched.push(w);
      positionsOf.set(w, positions);
    }
    // Only the matches are put back in watch order, natively sorted: there are far fewer.
    const order = Int32Array.from(matched).sort();
    const out: WatchHit[] = [];
    for (const w of order) {
      const watch = this.#watches[w]!;
      try {
        out.push({ watchId: watch.id, spans: explainMatch(watch.node, positionsOf.get(w)!, true) });
      } catch (error) {
        this.#fail(w, error);
      }
    }
    this.#evaluated += candidates.length;
    this.#matched += out.length;
    if (++this.#seen >= this.#nextRetune) this.#retune();
    return out;
  }

  #fail(w: number, error: unknown): void {
    this.#failed++;
    this.#onMatchError?.(this.#watches[w]!.id, error instanceof Error ? error : new Error(String(error)));
  }
}
