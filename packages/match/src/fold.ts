import { APOS, CJK, CLASS_MASK, MARK, WORD, codePointEntry, foldCodePoint } from './char-class';

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The spellings a token is found under, the primary one first. Apostrophes join
 * (`O’Brien` → `obrien`); after a one- or two-letter elided article the rest is a second
 * spelling (`l’ONU` → `lonu`, `onu`; `d’Ivoire` → `divoire`, `ivoire`). Possessives never
 * get here: the scanner ends the word before `’s`.
 */
export function tokenForms(segments: string[]): string[] {
  const parts = segments.filter((s) => s !== '');
  const joined = parts.join('');
  if (parts.length < 2 || parts[0]!.length > 2) return [joined];
  return [joined, parts.slice(1).join('')];
}

function splitSegments(text: string, start: number, end: number, wildcards: boolean, map: (cp: number, cls: number) => string): string[] {
  const segments: string[] = [];
  let segment = '';
  for (let i = start; i < end; ) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (wildcards && (cp === 0x2a || cp === 0x3f)) {
      segment += String.fromCharCode(cp);
      continue;
    }
    const cls = codePointEntry(cp) & CLASS_MASK;
    if (cls === APOS) {
      segments.push(segment);
      segment = '';
    } else if (cls === WORD || cls === CJK || cls === MARK) {
      segment += map(cp, cls);
    }
  }
  segments.push(segment);
  return segments;
}

/**
 * The folded spellings of the token at `[start, end)`: case, diacritics and compatibility
 * forms folded, acronym dots and invisible characters dropped. Recomposes at the end so a
 * decomposed kana or Hangul syllable folds like its precomposed twin.
 */
export function foldedForms(text: string, start: number, end: number, wildcards = false): string[] {
  const segments = splitSegments(text, start, end, wildcards, foldCodePoint);
  for (let k = 0; k < segments.length; k++) {
    const s = segments[k]!;
    if (NON_ASCII.test(s)) segments[k] = s.normalize('NFC');
  }
  return tokenForms(segments);
}

/** The case- and accent-sensitive spellings of a token, for `{exact}` terms: NFKC only. */
export function exactForms(text: string, start: number, end: number, wildcards = false): string[] {
  const segments = splitSegments(text, start, end, wildcards, (cp) => String.fromCodePoint(cp));
  return tokenForms(segments.map((s) => s.normalize('NFKC')));
}
