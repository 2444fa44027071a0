import { APOS, CJK, CLASS_MASK, DOT, HIGH_SURROGATE, IDENTITY, IGNORE, MARK, WORD, codePointEntry, isAsciiDigit, unitEntry } from './char-class';

/** Receives each token of a text as UTF-16 offsets into the original string. */
export interface TokenSink {
  /**
   * @param simple every unit folds to its own `toLowerCase()`, so the folded token is the
   *   same slice of the lower-cased text (the fast path: no per-token folding needed)
   * @param cjk a one-character token of a script written without spaces
   */
  token(start: number, end: number, simple: boolean, cjk: boolean): void;
}

const ASTERISK = 0x2a;
const QUESTION = 0x3f;
const LOWER_S = 0x73;
const UPPER_S = 0x53;

/** The class of the code point at `i` (SEP past the end); wildcards count as WORD in queries. */
function classAt(text: string, i: number, wildcards: boolean): number {
  if (i >= text.length) return 0;
  const unit = text.charCodeAt(i);
  if (wildcards && (unit === ASTERISK || unit === QUESTION)) return WORD;
  const cls = unitEntry(unit) & CLASS_MASK;
  return cls === HIGH_SURROGATE ? codePointEntry(text.codePointAt(i)!) & CLASS_MASK : cls;
}

/**
 * Splits text into tokens, the same way for stories and for query terms:
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
export function scanText(text: string, sink: TokenSink, wildcards = false): void {
  const n = text.length;
  let start = -1;
  let end = 0;
  let simple = true;
  let cjk = false;
  // Word units since the token start or the last acronym dot: an acronym is one letter per group.
  let group = 0;
  let dots = 0;
  let i = 0;
  while (i < n) {
    const unit = text.charCodeAt(i);
    let entry = unitEntry(unit);
    let width = 1;
    if (wildcards && (unit === ASTERISK || unit === QUESTION)) entry = WORD;
    let cls = entry & CLASS_MASK;
    if (cls === HIGH_SURROGATE) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) {
        width = 2;
        entry = codePointEntry(cp);
        cls = entry & CLASS_MASK;
      } else {
        cls = 0;
      }
    }
    if (cls === WORD) {
      if (start >= 0 && cjk) {
        sink.token(start, end, simple, cjk);
        start = -1;
      }
      if (start < 0) {
        start = i;
        simple = true;
        cjk = false;
        group = 0;
        dots = 0;
      }
      if ((entry & IDENTITY) === 0) simple = false;
      group++;
      end = i + width;
    } else if (cls === CJK) {
      if (start >= 0) sink.token(start, end, simple, cjk);
      start = i;
      end = i + width;
      simple = (entry & IDENTITY) !== 0;
      cjk = true;
    } else if (cls === MARK) {
      if (start >= 0 && end === i) {
        simple = false;
        end = i + width;
      }
    } else if (cls === IGNORE) {
      if (start >= 0) simple = false;
    } else if (cls === APOS && start >= 0 && !cjk && end === i && classAt(text, i + 1, wildcards) === WORD) {
      const next = text.charCodeAt(i + 1);
      const after = classAt(text, i + 2, wildcards);
      if ((next === LOWER_S || next === UPPER_S) && after !== WORD && after !== MARK) {
        // A possessive: `Putin’s` is the word Putin, and the highlight stops before the ’s.
        sink.token(start, end, simple, cjk);
        start = -1;
        i += 2;
        continue;
      }
      simple = false;
      // An apostrophe ends any chance of an acronym.
      group = 2;
    } else if (cls === DOT && start >= 0 && !cjk && end === i && group === 1 && !isAsciiDigit(text.charCodeAt(i - 1))) {
      const next = classAt(text, i + 1, wildcards);
      const after = classAt(text, i + 2, wildcards);
      if (next === WORD && !isAsciiDigit(text.charCodeAt(i + 1)) && after !== WORD && after !== MARK) {
        simple = false;
        group = 0;
        dots++;
      } else {
        // The closing full stop of `U.S.` belongs to the acronym; after a lone letter it does not.
        if (dots > 0 && next !== WORD) end = i + 1;
        sink.token(start, end, simple, cjk);
        start = -1;
      }
    } else if (start >= 0) {
      sink.token(start, end, simple, cjk);
      start = -1;
    }
    i += width;
  }
  if (start >= 0) sink.token(start, end, simple, cjk);
}
