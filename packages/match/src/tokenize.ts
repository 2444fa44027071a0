import { foldChar } from './fold';

/**
 * A word of a field: the folded form used for matching and where it sits in the original text
 * (UTF-16 offsets, so `text.slice(start, end)` is the word as published).
 *
 * Words are maximal runs of letters, digits and combining marks; everything else separates
 * them. So hyphens and apostrophes inside names split words — "Kim Jong-un" reads as
 * kim · jong · un and matches the phrase "Kim Jong Un", and "Putin’s" as putin · s — while
 * "Jongun" stays one word (it does not match "Jong Un"). Dotted abbreviations are joined:
 * "U.N." and "U.S." read as un and us.
 */
export interface Token {
  norm: string;
  /** The word as published after NFKC, without dots for joined abbreviations (for `{UN}`). */
  exact: string;
  start: number;
  end: number;
  /** Written in a script without spaces (Han, Kana, Hangul): matched by substring. */
  cjk: boolean;
  /** For each UTF-16 unit of `norm`, its offset in the original text (absent when identical). */
  map: number[] | null;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** ASCII letters and digits: the common case is decided by a table lookup, not a regex. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_WORD[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_WORD[c] = 1;
for (let c = 97; c <= 122; c++) ASCII_WORD[c] = 1;

/** Width (1 or 2 UTF-16 units) of the word character at `i`, or 0 when it is not one. */
function wordCharWidth(text: string, i: number, code: number): number {
  if (code < 128) return ASCII_WORD[code]!;
  const width = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1;
  return WORD_CHAR.test(width === 1 ? text[i]! : text.slice(i, i + 2)) ? width : 0;
}

/** Splits a field into words. Linear in the text; ASCII words take a fast path. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const length = text.length;
  let i = 0;
  let abbreviations = false;
  while (i < length) {
    const code = text.charCodeAt(i);
    const width = wordCharWidth(text, i, code);
    if (width === 0) {
      i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
      continue;
    }
    const start = i;
    let ascii = true;
    let upper = false;
    let cjk = false;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        if (!ASCII_WORD[c]) break;
        if (c <= 90 && c >= 65) upper = true;
        i++;
        continue;
      }
      const w = wordCharWidth(text, i, c);
      if (w === 0) break;
      ascii = false;
      if (!cjk && CJK_CHAR.test(text.slice(i, i + w))) cjk = true;
      i += w;
    }
    if (i - start === 1 && text.charCodeAt(i) === 46) abbreviations = true;
    tokens.push(ascii ? asciiToken(text, start, i, upper) : foldedToken(text, start, i, cjk));
  }
  return abbreviations ? joinAbbreviations(text, tokens) : tokens;
}

function asciiToken(text: string, start: number, end: number, upper: boolean): Token {
  const raw = text.slice(start, end);
  return { norm: upper ? raw.toLowerCase() : raw, exact: raw, start, end, cjk: false, map: null };
}

function foldedToken(text: string, start: number, end: number, cjk: boolean): Token {
  const raw = text.slice(start, end);
  let norm = '';
  const map: number[] = [];
  let identical = true;
  let offset = start;
  for (const ch of raw) {
    const folded = foldChar(ch);
    if (folded !== ch) identical = false;
    for (let k = 0; k < folded.length; k++) map.push(offset);
    norm += folded;
    offset += ch.length;
  }
  return { norm, exact: raw.normalize('NFKC'), start, end, cjk, map: identical ? null : map };
}

/** "U.N." / "U.S.A." → one word: single letters each followed by a dot, at least two of them. */
function joinAbbreviations(text: string, tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let j = i;
    while (j < tokens.length && tokens[j]!.end - tokens[j]!.start === 1 && text[tokens[j]!.end] === '.' && (j === i || tokens[j]!.start === tokens[j - 1]!.end + 1)) j++;
    if (j - i >= 2) {
      const parts = tokens.slice(i, j);
      out.push({
        norm: parts.map((t) => t.norm).join(''),
        exact: parts.map((t) => t.exact).join(''),
        start: parts[0]!.start,
        end: parts.at(-1)!.end + 1,
        cjk: false,
        map: null,
      });
      i = j - 1;
    } else {
      out.push(tokens[i]!);
    }
  }
  return out;
}

/** Original-text offsets of norm[from..to) inside a token (substring matches in CJK words). */
export function tokenSubstringOffsets(token: Token, from: number, to: number): { start: number; end: number } {
  if (!token.map) return { start: token.start + from, end: token.start + to };
  const start = token.map[from] ?? token.start;
  // Several folded units can come from one source character (ß → ss): end after that character.
  const lastSource = token.map[to - 1] ?? token.start;
  let end = token.end;
  for (const offset of token.map) {
    if (offset > lastSource) {
      end = offset;
      break;
    }
  }
  return { start, end };
}
