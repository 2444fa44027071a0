/**
 * Character classes and per-character folding: the one place that decides what a "word"
 * is and which spellings are the same. Everything is computed lazily per code point and
 * cached, so the scanner's hot loop is one typed-array read per UTF-16 unit.
 *
 * Folding rules (documented for users in docs/query-language.md):
 * - NFKC first: full-width, ligatures, superscripts and compatibility forms become plain.
 * - Case: lower case. Diacritics: the generic combining marks (U+0300–036F and kin) are
 *   removed, so é = e, ü = u, İ = i; script-specific marks (Japanese dakuten, Indic vowel
 *   signs, Arabic harakat) are kept because removing them changes the word.
 * - Letters with no decomposition get a small table: ß → ss, æ → ae, œ → oe, ø → o,
 *   đ/ð → d, ł → l, ı → i, þ → th, ħ → h, ŧ → t, final ς → σ.
 */

/** Breaks tokens: spaces, punctuation, symbols, emoji, hyphens and dashes. */
export const SEP = 1;
/** A letter or digit of a script written with spaces. */
export const WORD = 2;
/** A letter of a script written without spaces (Han, kana, Hangul, Thai, …): one token each. */
export const CJK = 3;
/** A combining mark: extends the token it follows. */
export const MARK = 4;
/** An apostrophe: joins the word parts around it (`O’Brien` → `obrien`). */
export const APOS = 5;
/** A full stop: joins single letters of an acronym (`U.S.` → `us`), else separates. */
export const DOT = 6;
/** Invisible format characters (soft hyphen, zero-width joiners, variation selectors): skipped. */
export const IGNORE = 7;
/** The first half of a surrogate pair: classify the whole code point instead. */
export const HIGH_SURROGATE = 8;
/** Set when folding the unit is exactly `toLowerCase()` of the same single unit. */
export const IDENTITY = 16;
export const CLASS_MASK = 15;

const SPECIAL_FOLDS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  ł: 'l',
  Ł: 'l',
  ı: 'i',
  þ: 'th',
  Þ: 'th',
  ħ: 'h',
  Ħ: 'h',
  ŧ: 't',
  Ŧ: 't',
  ς: 'σ',
};

const APOSTROPHES = new Set([0x27, 0x2018, 0x2019, 0x02bc, 0xff07]);
const GENERIC_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/gu;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const ANY_MARK = /^\p{M}/u;
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each variation selector is matched on its own, on purpose
const FORMAT_CHAR = /^[\p{Cf}\u034f\u180b-\u180f\ufe00-\ufe0f\u{e0100}-\u{e01ef}]$/u;
const NO_SPACE_SCRIPT =
  /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Bopomofo}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}\p{scx=Yi}]/u;

/** Hangul medial and final jamo: decomposed syllables must stay one token with their initial. */
function isHangulTrailingJamo(cp: number): boolean {
  return (cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xd7b0 && cp <= 0xd7ff);
}

/** Folds one character that is already NFKC: lower case, generic diacritics removed. */
function foldNormalized(ch: string): string {
  const special = SPECIAL_FOLDS[ch];
  if (special !== undefined) return special;
  const stripped = ch.normalize('NFD').replace(GENERIC_MARKS, '').toLowerCase().normalize('NFC');
  return SPECIAL_FOLDS[stripped] ?? stripped;
}

interface CharInfo {
  entry: number;
  fold: string;
}

function computeInfo(cp: number): CharInfo {
  if (APOSTROPHES.has(cp)) return { entry: APOS, fold: '' };
  if (cp === 0x2e) return { entry: DOT, fold: '' };
  const ch = String.fromCodePoint(cp);
  if (FORMAT_CHAR.test(ch)) return { entry: IGNORE, fold: '' };
  if (isHangulTrailingJamo(cp)) return { entry: MARK, fold: ch };
  if (ANY_MARK.test(ch)) {
    const fold = ch.replace(GENERIC_MARKS, '');
    return { entry: MARK, fold };
  }
  const normalized = ch.normalize('NFKC');
  let fold = '';
  for (const part of normalized) {
    if (WORD_CHAR.test(part)) fold += ANY_MARK.test(part) ? part.replace(GENERIC_MARKS, '') : foldNormalized(part);
  }
  if (fold === '') return { entry: SEP, fold: '' };
  // Half-width voiced marks normalize to combining marks: they extend the previous kana.
  if (ANY_MARK.test(normalized)) return { entry: MARK, fold };
  const cls = NO_SPACE_SCRIPT.test(normalized) ? CJK : WORD;
  // Capital sigma lower-cases by context (final ς) inside a string, so it is never "identity".
  const identity = cp <= 0xffff && cp !== 0x3a3 && fold.length === 1 && fold === ch.toLowerCase();
  return { entry: cls | (identity ? IDENTITY : 0), fold };
}

/**
 * Class entries of every BMP code unit, 0 until first seen (then call unitEntry). Exported
 * so the scanner's hot loop can read it directly.
 */
export const UNIT_TABLE = new Uint8Array(0x10000);
const unitTable = UNIT_TABLE;
/** For units with the IDENTITY flag: the folded (lower-case) unit, for in-place hashing. */
export const LOWER_TABLE = new Uint16Array(0x10000);
const unitFolds: (string | undefined)[] = [];
const astral = new Map<number, CharInfo>();

/** The class entry of a BMP code unit (class bits plus IDENTITY). */
export function unitEntry(unit: number): number {
  const cached = unitTable[unit]!;
  if (cached !== 0) return cached;
  let entry: number;
  if (unit >= 0xd800 && unit <= 0xdbff) entry = HIGH_SURROGATE;
  else if (unit >= 0xdc00 && unit <= 0xdfff) entry = SEP;
  else {
    const info = computeInfo(unit);
    unitFolds[unit] = info.fold;
    entry = info.entry;
    if (entry & IDENTITY) LOWER_TABLE[unit] = info.fold.charCodeAt(0);
  }
  unitTable[unit] = entry;
  return entry;
}

/** The class entry of any code point. */
export function codePointEntry(cp: number): number {
  if (cp <= 0xffff) return unitEntry(cp);
  return astralInfo(cp).entry;
}

function astralInfo(cp: number): CharInfo {
  let info = astral.get(cp);
  if (info === undefined) {
    info = computeInfo(cp);
    info.entry &= ~IDENTITY;
    astral.set(cp, info);
  }
  return info;
}

/** The folded form of one code point of a WORD, CJK or MARK class (other classes fold to ''). */
export function foldCodePoint(cp: number): string {
  if (cp > 0xffff) return astralInfo(cp).fold;
  unitEntry(cp);
  return unitFolds[cp] ?? '';
}

// ASCII is classified up front so the common case never takes the lazy path.
for (let unit = 0; unit < 0x80; unit++) unitEntry(unit);

/** Whether a code unit is an ASCII digit, which never forms acronyms. */
export function isAsciiDigit(unit: number): boolean {
  return unit >= 0x30 && unit <= 0x39;
}
