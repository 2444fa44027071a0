import type { Anchor } from './anchors';
import { queryAnchors, requiredWords } from './anchors';
import { compileQuery, type CompiledQuery } from './compile-query';
import { PreparedDocument, type MatchDocument } from './document';
import { contributingSpans, matches, type Span } from './evaluate';
import { QuerySyntaxError } from './query-syntax-error';
import { mergeSpans } from './spans';

export type WatchId = number | string;

export interface WatchHit {
  watchId: WatchId;
  spans: Span[];
}

interface Entry {
  id: WatchId;
  query: CompiledQuery;
  order: number;
  required: string[];
}

/**
 * Many watches compiled once and matched together. Each watch registers its anchors
 * (see anchors.ts): whole words in a hash map, prefixes under their first two letters,
 * CJK substrings under their first character. A story is tokenized once; its distinct words
 * are looked up to collect the candidate watches, and only those are evaluated.
 */
export class WatchIndex {
  /** Watches whose query did not compile; they are left out of matching. */
  readonly errors: { watchId: WatchId; error: QuerySyntaxError }[] = [];
  #entries: Entry[] = [];
  #words = new Map<string, Entry[]>();
  #prefixes = new Map<string, { norm: string; entry: Entry }[]>();
  #substrings = new Map<string, { norm: string; entry: Entry }[]>();
  #always: Entry[] = [];

  constructor(watches: Iterable<{ id: WatchId; query: string }>) {
    for (const watch of watches) {
      let query: CompiledQuery;
      try {
        query = compileQuery(watch.query);
      } catch (error) {
        if (error instanceof QuerySyntaxError) {
          this.errors.push({ watchId: watch.id, error });
          continue;
        }
        throw error;
      }
      const entry: Entry = { id: watch.id, query, order: this.#entries.length, required: [...requiredWords(query.ast)] };
      this.#entries.push(entry);
      const anchors = queryAnchors(query.ast);
      if (!anchors) this.#always.push(entry);
      else for (const anchor of anchors) this.#register(anchor, entry);
    }
  }

  get size(): number {
    return this.#entries.length;
  }

  #register(anchor: Anchor, entry: Entry): void {
    if (anchor.kind === 'word') {
      const list = this.#words.get(anchor.norm);
      if (list) list.push(entry);
      else this.#words.set(anchor.norm, [entry]);
      return;
    }
    const table = anchor.kind === 'prefix' ? this.#prefixes : this.#substrings;
    const key = anchor.kind === 'prefix' ? anchor.norm.slice(0, 2) : [...anchor.norm][0]!;
    const list = table.get(key);
    if (list) list.push({ norm: anchor.norm, entry });
    else table.set(key, [{ norm: anchor.norm, entry }]);
  }

  /** The watches a document matches, in the order they were given, with their spans. */
  matchAll(doc: MatchDocument): WatchHit[] {
    const prepared = new PreparedDocument(doc);
    const words = prepared.allWords();
    const candidates = new Set<Entry>(this.#always);
    for (const norm of words) {
      const exact = this.#words.get(norm);
      if (exact) for (const e of exact) candidates.add(e);
      if (this.#prefixes.size && norm.length >= 2) {
        const list = this.#prefixes.get(norm.slice(0, 2));
        if (list) for (const p of list) if (norm.startsWith(p.norm)) candidates.add(p.entry);
      }
      if (this.#substrings.size) {
        for (const ch of norm) {
          const list = this.#substrings.get(ch);
          if (list) for (const s of list) if (norm.includes(s.norm)) candidates.add(s.entry);
        }
      }
    }
    const hits: WatchHit[] = [];
    for (const entry of [...candidates].sort((a, b) => a.order - b.order)) {
      if (!entry.required.every((word) => words.has(word))) continue;
      if (!matches(prepared, entry.query.ast)) continue;
      hits.push({ watchId: entry.id, spans: mergeSpans(contributingSpans(prepared, entry.query.ast)) });
    }
    return hits;
  }
}
