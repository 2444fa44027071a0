import {
  APOS,
  CJK,
  CLASS_MASK,
  DOT,
  HIGH_SURROGATE,
  IDENTITY,
  IGNORE,
  LOWER_TABLE,
  MARK,
  SEP,
  UNIT_TABLE,
  WORD,
  codePointEntry,
  isAsciiDigit,
  unitEntry,
} from './char-class';
import { HASH_SEED } from './token-hash';
import { TOKEN_CJK, TOKEN_SIMPLE, type TokenBuffer } from './token-buffer';

// Module-local copies: the hot loop must not go through import bindings, which some module
// loaders (CommonJS interop, vite-node) turn into property reads or getter calls.
const TABLE = UNIT_TABLE;
const LOWER = LOWER_TABLE;
const SEED = HASH_SEED;
const FNV_PRIME = 0x01000193;
const C_SEP = SEP;
const C_WORD = WORD;
const C_CJK = CJK;
const C_MARK = MARK;
const C_APOS = APOS;
const C_DOT = DOT;
const C_IGNORE = IGNORE;
const C_HIGH = HIGH_SURROGATE;
const C_MASK = CLASS_MASK;
const C_IDENTITY = IDENTITY;
/** A letter or digit that lower-cases to itself-folded: the bulk of any text. */
const PLAIN_WORD = WORD | IDENTITY;

const ASTERISK = 0x2a;
const QUESTION = 0x3f;
const LOWER_S = 0x73;
const UPPER_S = 0x53;

/** The class of the code point at `i` (0 past the end); wildcards count as WORD in queries. */
function classAt(text: string, i: number, wildcards: boolean): number {
  if (i >= text.length) return 0;
  const unit = text.charCodeAt(i);
  if (wildcards && (unit === ASTERISK || unit === QUESTION)) return C_WORD;
  const cls = unitEntry(unit) & C_MASK;
  return cls === C_HIGH ? codePointEntry(text.codePointAt(i)!) & C_MASK : cls;
}

/**
 * Splits text into tokens, the same way for stories and for query terms, appending them to
 * `out` (which is not cleared):
 * - runs of letters and digits are words; hyphens, dashes, spaces and punctuation separate
 *   them (so `Jong-un` is two words, like `Jong un`);
 * - a possessive `’s` ends the word and is dropped (`Moscow’s` is `Moscow`); any other
 *   apostrophe between two letters stays inside the word (`O’Brien`, `l’ONU`);
 * - single letters joined by full stops are one acronym token (`U.S.`, `U.N.`);
 * - each character of a script written without spaces is a token of its own, which makes a
 *   phrase of such characters a substring match;
 * - combining marks extend the token they follow; invisible format characters are skipped.
 * With `wildcards`, `*` and `?` are word characters (query terms only).
 */
export function scanText(text: string, out: TokenBuffer, wildcards = false): void {
  const n = text.length;
  let start = -1;
  let end = 0;
  let simple = true;
  let cjk = false;
  // Word units since the token start or the last acronym dot: an acronym is one letter per group.
  let group = 0;
  let dots = 0;
  // Hash of the folded token so far; meaningful only while the token is simple.
  let hash = SEED;
  let i = 0;
  while (i < n) {
    const unit = text.charCodeAt(i);
    let entry = TABLE[unit]!;
    if (entry === PLAIN_WORD && !cjk) {
      // The common case: a run of plain letters, consumed in one tight loop.
      if (start < 0) {
        start = i;
        simple = true;
        group = 0;
        dots = 0;
        hash = SEED;
      }
      hash = Math.imul(hash ^ LOWER[unit]!, FNV_PRIME);
      let j = i + 1;
      while (j < n) {
        const next = text.charCodeAt(j);
        if (TABLE[next] !== PLAIN_WORD) break;
        hash = Math.imul(hash ^ LOWER[next]!, FNV_PRIME);
        j++;
      }
      group += j - i;
      end = j;
      i = j;
      continue;
    }
    if (entry === 0) entry = unitEntry(unit);
    if (entry === C_SEP && !wildcards) {
      // The next most common case: a space or punctuation ends the token.
      if (start >= 0) {
        out.push(start, end, flagsOf(simple, cjk), hash);
        start = -1;
        cjk = false;
      }
      i++;
      continue;
    }
    let width = 1;
    if (wildcards && (unit === ASTERISK || unit === QUESTION)) entry = C_WORD;
    let cls = entry & C_MASK;
    if (cls === C_HIGH) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) {
        width = 2;
        entry = codePointEntry(cp);
        cls = entry & C_MASK;
      } else {
        cls = 0;
      }
    }
    if (cls === C_WORD) {
      if (start >= 0 && cjk) {
        out.push(start, end, flagsOf(simple, cjk), hash);
        start = -1;
      }
      if (start < 0) {
        start = i;
        simple = true;
        cjk = false;
        group = 0;
        dots = 0;
        hash = SEED;
      }
      if ((entry & C_IDENTITY) === 0 || width === 2) simple = false;
      else hash = Math.imul(hash ^ LOWER[unit]!, FNV_PRIME);
      group++;
      end = i + width;
    } else if (cls === C_CJK) {
      if (start >= 0) out.push(start, end, flagsOf(simple, cjk), hash);
      start = i;
      end = i + width;
      simple = (entry & C_IDENTITY) !== 0 && width === 1;
      cjk = true;
      hash = Math.imul(SEED ^ LOWER[unit]!, FNV_PRIME);
    } else if (cls === C_MARK) {
      if (start >= 0 && end === i) {
        simple = false;
        end = i + width;
      }
    } else if (cls === C_IGNORE) {
      if (start >= 0) simple = false;
    } else if (cls === C_APOS && start >= 0 && !cjk && end === i && classAt(text, i + 1, wildcards) === C_WORD) {
      const next = text.charCodeAt(i + 1);
      const after = classAt(text, i + 2, wildcards);
      if ((next === LOWER_S || next === UPPER_S) && after !== C_WORD && after !== C_MARK) {
        // A possessive: `Putin’s` is the word Putin, and the highlight stops before the ’s.
        out.push(start, end, flagsOf(simple, cjk), hash);
        start = -1;
        cjk = false;
        i += 2;
        continue;
      }
      simple = false;
      // An apostrophe ends any chance of an acronym.
      group = 2;
    } else if (cls === C_DOT && start >= 0 && !cjk && end === i && group === 1 && !isAsciiDigit(text.charCodeAt(i - 1))) {
      const next = classAt(text, i + 1, wildcards);
      const after = classAt(text, i + 2, wildcards);
      if (next === C_WORD && !isAsciiDigit(text.charCodeAt(i + 1)) && after !== C_WORD && after !== C_MARK) {
        simple = false;
        group = 0;
        dots++;
      } else {
        // The closing full stop of `U.S.` belongs to the acronym; after a lone letter it does not.
        if (dots > 0 && next !== C_WORD) end = i + 1;
        out.push(start, end, flagsOf(simple, cjk), hash);
        start = -1;
        cjk = false;
      }
    } else if (start >= 0) {
      out.push(start, end, flagsOf(simple, cjk), hash);
      start = -1;
      cjk = false;
    }
    i += width;
  }
  if (start >= 0) out.push(start, end, flagsOf(simple, cjk), hash);
}

function flagsOf(simple: boolean, cjk: boolean): number {
  return (simple ? TOKEN_SIMPLE : 0) | (cjk ? TOKEN_CJK : 0);
}
