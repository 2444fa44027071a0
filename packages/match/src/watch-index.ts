import { DocumentAnalyzer } from './analyze';
import { compileSource } from './compile';
import { QuerySyntaxError } from './errors';
import { evaluate } from './evaluate';
import { explainMatch } from './explain';
import type { MatchDocument } from './fields';
import type { MatchNode } from './match-node';
import { PreparedDocument } from './prepared-document';
import type { Span } from './span';
import { TermDictionary } from './term-dictionary';
import { triggerSet } from './trigger-set';

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
}

interface IndexedWatch {
  id: WatchId;
  node: MatchNode;
}

/**
 * Many watches compiled into one term dictionary, matched against a story in one pass:
 * the story is tokenized once, each token is looked up once, the leaves it hits wake up
 * only the watches they can trigger (see trigger-set.ts), and only those are evaluated.
 */
export class WatchIndex {
  /** Watches whose query did not compile (with `invalid: 'skip'`). */
  readonly errors: readonly WatchError[];
  readonly #dict = new TermDictionary();
  readonly #watches: IndexedWatch[] = [];
  readonly #postings: number[][] = [];
  readonly #always: number[] = [];
  readonly #analyzer: DocumentAnalyzer;
  #fieldMask = 0;
  #stamp = new Uint32Array(0);
  #gen = 0;

  constructor(watches: Iterable<WatchDefinition>, options: WatchIndexOptions = {}) {
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
      const index = this.#watches.length;
      this.#watches.push({ id: watch.id, node: compiled.node });
      this.#fieldMask |= compiled.fieldMask;
      const trigger = triggerSet(compiled.node, this.#dict.leaves);
      if (trigger === null) {
        this.#always.push(index);
        continue;
      }
      for (const leaf of trigger) {
        while (this.#postings.length <= leaf) this.#postings.push([]);
        this.#postings[leaf]!.push(index);
      }
    }
    this.errors = errors;
    this.#stamp = new Uint32Array(this.#watches.length);
    this.#analyzer = new DocumentAnalyzer(this.#dict);
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
    for (const leaf of hits.touched) {
      const posting = this.#postings[leaf];
      if (posting === undefined) continue;
      for (const w of posting) {
        if (stamp[w] === gen) continue;
        stamp[w] = gen;
        candidates.push(w);
      }
    }
    for (const w of this.#always) if (stamp[w] !== gen) candidates.push(w);
    candidates.sort((a, b) => a - b);
    const out: WatchHit[] = [];
    for (const w of candidates) {
      const watch = this.#watches[w]!;
      if (evaluate(watch.node, hits)) out.push({ watchId: watch.id, spans: explainMatch(watch.node, hits) });
    }
    return out;
  }
}
