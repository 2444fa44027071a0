/**
 * Folding: the form both queries and stories are compared in. NFKC (full-width and
 * compatibility forms), lower case, diacritics removed (é → e, ñ → n), and a few letters that
 * do not decompose spelled out (ß → ss, æ → ae, ø → o, ł → l, đ → d, þ → th, ı → i).
 */
const SPELLED: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ŀ: 'l',
};

const MARKS = /\p{M}/gu;
const cache = new Map<string, string>();

/** Folds one code point (as a string); may return several characters or none (a lone mark). */
export function foldChar(ch: string): string {
  const cached = cache.get(ch);
  if (cached !== undefined) return cached;
  let folded = ch.normalize('NFKC').toLowerCase();
  folded = folded.normalize('NFD').replace(MARKS, '');
  folded = [...folded].map((c) => SPELLED[c] ?? c).join('');
  // Hangul jamo must be recomposed after NFD, or syllables fall apart.
  folded = folded.normalize('NFC');
  if (cache.size < 50_000) cache.set(ch, folded);
  return folded;
}

/** Folds a whole string (queries; stories go through the tokenizer, which keeps offsets). */
export function foldText(text: string): string {
  let out = '';
  for (const ch of text) out += foldChar(ch);
  return out;
}
