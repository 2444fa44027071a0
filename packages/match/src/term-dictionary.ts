import { globMatch, hasWildcard, isPurePrefix, literalPrefix } from './glob';

/** What a leaf matches: a folded word, a wildcard pattern, a host suffix or a language tag. */
export type LeafKind = 'word' | 'pattern' | 'site' | 'lang';

/**
 * One distinct thing to look for in a story, shared by every query (and every phrase slot)
 * that uses it: the unit of the term dictionary and of the per-story hit lists.
 */
export interface Leaf {
  id: number;
  kind: LeafKind;
  /** Folded word or pattern; normalized host or language tag. */
  key: string;
  /** For `{exact}` terms: the NFKC spelling a token must also have. */
  exact: string | null;
}

/** Called once per leaf that a token (or a host, or a language) matches. */
export interface LeafVisitor {
  leaf(id: number): void;
}

interface PatternEntry {
  leaf: number;
  pattern: string;
  prefix: string;
  pure: boolean;
}

const GATE_WORD = 1;
const GATE_PREFIX3 = 2;
const GATE_PREFIX2 = 4;
const GATE_PREFIX1 = 8;

/** Hash of a token's first (up to) three units and its length class, for the gate bitmap. */
function gateHash(c0: number, c1: number, c2: number, len: number): number {
  let h = Math.imul(c0 ^ (len << 16), 0x9e3779b1);
  h = Math.imul(h ^ c1, 0x85ebca6b);
  h = Math.imul(h ^ c2, 0xc2b2ae35);
  return h ^ (h >>> 15);
}

/**
 * The term dictionary: every leaf of every compiled query, indexed so that one token is
 * resolved to all the leaves it matches in (almost) constant time, whatever the number of
 * queries. Words are a hash map; patterns are bucketed by their first literal characters;
 * and a small bitmap keyed by a token's first three characters rejects most tokens of a
 * story before any string is even sliced out of it.
 */
export class TermDictionary {
  readonly leaves: Leaf[] = [];
  /** `leaves[i].exact`, as a flat array for the hot path. */
  readonly exactOf: (string | null)[] = [];
  #byKey = new Map<string, number>();
  #words = new Map<string, number[]>();
  #prefix3 = new Map<string, PatternEntry[]>();
  #prefix2 = new Map<string, PatternEntry[]>();
  #prefix1 = new Map<string, PatternEntry[]>();
  #anywhere: PatternEntry[] = [];
  #sites = new Map<string, number[]>();
  #langs = new Map<string, number[]>();
  #gate = new Uint8Array(0);
  #gateMask = 0;
  #dirty = true;

  get size(): number {
    return this.leaves.length;
  }

  get hasSites(): boolean {
    return this.#sites.size > 0;
  }

  get hasLangs(): boolean {
    return this.#langs.size > 0;
  }

  /** The leaf for a folded word or wildcard pattern, created on first use. */
  term(folded: string, exact: string | null): number {
    const kind: LeafKind = hasWildcard(folded) ? 'pattern' : 'word';
    return this.#intern(kind, folded, exact, (id) => {
      if (kind === 'word') {
        push(this.#words, folded, id);
        return;
      }
      const prefix = literalPrefix(folded);
      const entry: PatternEntry = { leaf: id, pattern: folded, prefix, pure: isPurePrefix(folded) };
      if (prefix.length >= 3) push(this.#prefix3, prefix.slice(0, 3), entry);
      else if (prefix.length === 2) push(this.#prefix2, prefix, entry);
      else if (prefix.length === 1) push(this.#prefix1, prefix, entry);
      else this.#anywhere.push(entry);
    });
  }

  /** The leaf for a host suffix such as `bbc.co.uk`. */
  site(host: string): number {
    return this.#intern('site', host, null, (id) => push(this.#sites, host, id));
  }

  /** The leaf for a language tag prefix such as `en` or `zh-hant`. */
  lang(tag: string): number {
    return this.#intern('lang', tag, null, (id) => push(this.#langs, tag, id));
  }

  #intern(kind: LeafKind, key: string, exact: string | null, index: (id: number) => void): number {
    const fullKey = `${kind}\u0000${key}\u0000${exact ?? ''}`;
    const known = this.#byKey.get(fullKey);
    if (known !== undefined) return known;
    const id = this.leaves.length;
    this.leaves.push({ id, kind, key, exact });
    this.exactOf.push(exact);
    this.#byKey.set(fullKey, id);
    index(id);
    this.#dirty = true;
    return id;
  }

  /** Visits the leaves matching a folded token. */
  lookup(form: string, visitor: LeafVisitor): void {
    this.lookupSlice(form, 0, form.length, visitor);
  }

  /**
   * Visits the leaves matching the folded token `folded.slice(start, end)`, slicing only when
   * the gate says some leaf may match.
   */
  lookupSlice(folded: string, start: number, end: number, visitor: LeafVisitor): void {
    if (this.#dirty) this.#buildGate();
    const len = end - start;
    if (len <= 0) return;
    const gate = this.#gate;
    const mask = this.#gateMask;
    const c0 = folded.charCodeAt(start);
    const c1 = len > 1 ? folded.charCodeAt(start + 1) : 0;
    const c2 = len > 2 ? folded.charCodeAt(start + 2) : 0;
    const bits = gate[gateHash(c0, c1, c2, len > 3 ? 3 : len) & mask]!;
    let form: string | undefined;
    if (bits & GATE_WORD) {
      form = folded.slice(start, end);
      const ids = this.#words.get(form);
      if (ids !== undefined) for (const id of ids) visitor.leaf(id);
    }
    if (len >= 3 && bits & GATE_PREFIX3) {
      form ??= folded.slice(start, end);
      visitPatterns(this.#prefix3.get(form.slice(0, 3)), form, visitor);
    }
    if (len >= 2 && this.#prefix2.size > 0 && gate[gateHash(c0, c1, 0, 2) & mask]! & GATE_PREFIX2) {
      form ??= folded.slice(start, end);
      visitPatterns(this.#prefix2.get(form.slice(0, 2)), form, visitor);
    }
    if (this.#prefix1.size > 0 && gate[gateHash(c0, 0, 0, 1) & mask]! & GATE_PREFIX1) {
      form ??= folded.slice(start, end);
      visitPatterns(this.#prefix1.get(form.slice(0, 1)), form, visitor);
    }
    if (this.#anywhere.length > 0) {
      form ??= folded.slice(start, end);
      visitPatterns(this.#anywhere, form, visitor);
    }
  }

  /** Visits site leaves that are `host` or one of its parent domains. */
  lookupHost(host: string, visit: (leaf: number) => void): void {
    for (let at = 0; ; ) {
      const ids = this.#sites.get(host.slice(at));
      if (ids !== undefined) for (const id of ids) visit(id);
      const dot = host.indexOf('.', at);
      if (dot < 0) return;
      at = dot + 1;
    }
  }

  /** Visits lang leaves that are `tag` or a prefix of it ending at a `-`. */
  lookupLang(tag: string, visit: (leaf: number) => void): void {
    for (let t = tag; t !== ''; t = t.slice(0, Math.max(0, t.lastIndexOf('-')))) {
      const ids = this.#langs.get(t);
      if (ids !== undefined) for (const id of ids) visit(id);
    }
  }

  #buildGate(): void {
    let size = 1 << 12;
    while (size < this.leaves.length * 16 && size < 1 << 20) size <<= 1;
    const gate = new Uint8Array(size);
    const mask = size - 1;
    const mark = (key: string, len: number, bit: number) => {
      const h = gateHash(key.charCodeAt(0), len > 1 ? key.charCodeAt(1) : 0, len > 2 ? key.charCodeAt(2) : 0, len);
      gate[h & mask]! |= bit;
    };
    for (const word of this.#words.keys()) mark(word, Math.min(word.length, 3), GATE_WORD);
    for (const key of this.#prefix3.keys()) mark(key, 3, GATE_PREFIX3);
    for (const key of this.#prefix2.keys()) mark(key, 2, GATE_PREFIX2);
    for (const key of this.#prefix1.keys()) mark(key, 1, GATE_PREFIX1);
    this.#gate = gate;
    this.#gateMask = mask;
    this.#dirty = false;
  }
}

function visitPatterns(entries: PatternEntry[] | undefined, form: string, visitor: LeafVisitor): void {
  if (entries === undefined) return;
  for (const entry of entries) {
    if (entry.pure ? form.startsWith(entry.prefix) : globMatch(entry.pattern, form)) visitor.leaf(entry.leaf);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
