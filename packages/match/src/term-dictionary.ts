import { LOWER_TABLE } from './char-class';
import { compileGlob, globMatch, hasWildcard, isPurePrefix, literalPrefix, type Glob } from './glob';
import { HASH_SEED, hashStep, hashString } from './token-hash';

const LOWER = LOWER_TABLE;

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
  glob: Glob;
  /** Literal characters before the first wildcard. */
  prefix: string;
  /** `prefix*`: a prefix comparison decides, no glob needed. */
  pure: boolean;
}

/** Patterns whose literal prefix has 1, 2, or 3+ characters, keyed by the hash of those (up to 3). */
const BUCKET_LEVELS = 3;

/** Spreads the FNV hash's entropy into the low bits used as a table slot. */
function slotOf(hash: number, mask: number): number {
  return (hash ^ (hash >>> 15)) & mask;
}

/**
 * The term dictionary: every leaf of every compiled query, indexed so that one token is
 * resolved to all the leaves it matches in (almost) constant time, whatever the number of
 * queries. Words live in an open-addressing table keyed by the token hash the scanner
 * computes as it reads, and are compared with the story text in place, so a plain token
 * costs one probe and no string. Wildcard patterns are bucketed by the hash of their first
 * one to three literal characters, behind a bitmap that turns most tokens away at once.
 *
 * Token "views": a simple token is `text[start, end)` compared through the lower-case
 * table (`inPlace`); any other token is an already folded string compared as is.
 */
export class TermDictionary {
  readonly leaves: Leaf[] = [];
  /** `leaves[i].exact`, as a flat array for the hot path. */
  readonly exactOf: (string | null)[] = [];
  #byKey = new Map<string, number>();
  #words = new Map<string, number[]>();
  #patterns: PatternEntry[] = [];
  #sites = new Map<string, number[]>();
  #langs = new Map<string, number[]>();
  #dirty = true;

  // Built from the above on first lookup after a change.
  #slots = new Int32Array(0);
  #slotMask = 0;
  #entryWords: string[] = [];
  #entryHashes = new Int32Array(0);
  #entryLeaves: number[][] = [];
  /** Per level (0: 1 char, 1: 2 chars, 2: 3+ chars): prefix hash → patterns. */
  #buckets: Map<number, PatternEntry[]>[] = [];
  #anywhere: PatternEntry[] = [];
  #gate = new Uint8Array(0);
  #gateMask = 0;
  #levelMask = 0;

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
      if (kind === 'word') push(this.#words, folded, id);
      else this.#patterns.push({ leaf: id, glob: compileGlob(folded), prefix: literalPrefix(folded), pure: isPurePrefix(folded) });
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
    if (form.length > 0) this.#lookup(form, 0, form.length, hashString(form), false, visitor);
  }

  /**
   * Visits the leaves matching the simple token `text.slice(start, end)` (every unit folds
   * to its own lower case), given the hash the scanner computed for it.
   */
  lookupSimple(text: string, start: number, end: number, hash: number, visitor: LeafVisitor): void {
    this.#lookup(text, start, end, hash, true, visitor);
  }

  #lookup(text: string, start: number, end: number, hash: number, inPlace: boolean, visitor: LeafVisitor): void {
    if (this.#dirty) this.#build();
    const entry = this.#findWord(text, start, end, hash, inPlace);
    if (entry >= 0) for (const id of this.#entryLeaves[entry]!) visitor.leaf(id);
    if (this.#levelMask !== 0 || this.#anywhere.length > 0) this.#lookupPatterns(text, start, end, inPlace, visitor);
  }

  /** The word entry equal to the token, or -1. */
  #findWord(text: string, start: number, end: number, hash: number, inPlace: boolean): number {
    const slots = this.#slots;
    const mask = this.#slotMask;
    const len = end - start;
    for (let slot = slotOf(hash, mask); ; slot = (slot + 1) & mask) {
      const entry = slots[slot]!;
      if (entry < 0) return -1;
      if (this.#entryHashes[entry] !== hash) continue;
      const word = this.#entryWords[entry]!;
      if (word.length === len && sameUnits(word, text, start, inPlace)) return entry;
    }
  }

  #lookupPatterns(text: string, start: number, end: number, inPlace: boolean, visitor: LeafVisitor): void {
    const len = end - start;
    let hash = HASH_SEED;
    let form: string | null = inPlace ? null : text;
    for (let level = 0; level < BUCKET_LEVELS && level < len; level++) {
      hash = hashStep(hash, unitAt(text, start + level, inPlace));
      if ((this.#levelMask & (1 << level)) === 0) continue;
      if ((this.#gate[slotOf(hash, this.#gateMask)]! & (1 << level)) === 0) continue;
      const entries = this.#buckets[level]!.get(hash);
      if (entries !== undefined) form = visitPatterns(entries, text, start, end, inPlace, form, visitor);
    }
    if (this.#anywhere.length > 0) visitPatterns(this.#anywhere, text, start, end, inPlace, form, visitor);
  }

  #build(): void {
    let size = 16;
    // A quarter full at most: most tokens are not in the dictionary and should miss at once.
    while (size < this.#words.size * 4) size <<= 1;
    const slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    this.#entryWords = [...this.#words.keys()];
    this.#entryLeaves = [...this.#words.values()];
    this.#entryHashes = Int32Array.from(this.#entryWords, hashString);
    for (let entry = 0; entry < this.#entryWords.length; entry++) {
      let slot = slotOf(this.#entryHashes[entry]!, mask);
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.#slots = slots;
    this.#slotMask = mask;

    let gateSize = 1 << 10;
    while (gateSize < this.#patterns.length * 16 && gateSize < 1 << 20) gateSize <<= 1;
    this.#gate = new Uint8Array(gateSize);
    this.#gateMask = gateSize - 1;
    this.#buckets = Array.from({ length: BUCKET_LEVELS }, () => new Map<number, PatternEntry[]>());
    this.#anywhere = [];
    this.#levelMask = 0;
    for (const entry of this.#patterns) {
      if (entry.prefix.length === 0) {
        this.#anywhere.push(entry);
        continue;
      }
      const level = Math.min(entry.prefix.length, BUCKET_LEVELS) - 1;
      const hash = hashString(entry.prefix.slice(0, level + 1));
      push(this.#buckets[level]!, hash, entry);
      this.#gate[slotOf(hash, this.#gateMask)]! |= 1 << level;
      this.#levelMask |= 1 << level;
    }
    this.#dirty = false;
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
}

function unitAt(text: string, i: number, inPlace: boolean): number {
  const unit = text.charCodeAt(i);
  return inPlace ? LOWER[unit]! : unit;
}

/** Whether the token starting at `start` begins with (or, with equal lengths, is) `word`. */
function sameUnits(word: string, text: string, start: number, inPlace: boolean): boolean {
  for (let k = 0; k < word.length; k++) if (unitAt(text, start + k, inPlace) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * Visits the patterns of a bucket that match the token. Pure prefixes are compared in
 * place; a glob needs the folded token as a string, made once. Returns that string (or null).
 */
function visitPatterns(
  entries: PatternEntry[],
  text: string,
  start: number,
  end: number,
  inPlace: boolean,
  form: string | null,
  visitor: LeafVisitor,
): string | null {
  const len = end - start;
  for (const entry of entries) {
    let hit: boolean;
    if (entry.pure) {
      hit = entry.prefix.length <= len && sameUnits(entry.prefix, text, start, inPlace);
    } else {
      // A simple token folds to its own lower case.
      form ??= text.slice(start, end).toLowerCase();
      hit = globMatch(entry.glob, form);
    }
    if (hit) visitor.leaf(entry.leaf);
  }
  return form;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
