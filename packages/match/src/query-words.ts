import type { WordPattern } from './ast';
import { foldText } from './fold';
import { QuerySyntaxError } from './query-syntax-error';
import { tokenize } from './tokenize';

const WILDCARD_SEGMENT = /[\p{L}\p{N}\p{M}*?]+/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const MIN_WILDCARD_LETTERS = 2;

/**
 * The words of a query term or phrase, folded the same way story text is, so that
 * `Jong-un`, `"U.N."` or `Putin’s` mean what they mean in a story. Wildcards: `*` any run of
 * characters, `?` one; a wildcard word needs at least two letters besides them.
 */
export function queryWords(text: string, position: number, exact: boolean): WordPattern[] {
  if (exact) {
    if (/[*?]/.test(text)) throw new QuerySyntaxError('wildcards cannot be used inside { }', position);
    return tokenize(text).map((t) => ({ kind: 'exact', text: t.exact, norm: t.norm }));
  }
  if (!/[*?]/.test(text)) {
    return tokenize(text).map((t) => (t.cjk ? { kind: 'cjk', norm: t.norm } : { kind: 'word', norm: t.norm }));
  }
  const words: WordPattern[] = [];
  for (const match of text.matchAll(WILDCARD_SEGMENT)) {
    const segment = match[0];
    const at = position + (match.index ?? 0);
    if (!/[*?]/.test(segment)) {
      words.push(...queryWords(segment, at, false));
      continue;
    }
    const letters = segment.replace(/[*?]/g, '');
    if (letters.length < MIN_WILDCARD_LETTERS) {
      throw new QuerySyntaxError(`wildcard word '${segment}' needs at least ${MIN_WILDCARD_LETTERS} letters`, at);
    }
    if (CJK.test(letters)) throw new QuerySyntaxError('wildcards are not supported in Chinese, Japanese or Korean words (they match inside words already)', at);
    const norm = foldText(segment);
    if (/^[^*?]+\*$/.test(norm)) {
      words.push({ kind: 'prefix', norm: norm.slice(0, -1) });
    } else {
      words.push({ kind: 'glob', norm, literalPrefix: norm.slice(0, norm.search(/[*?]/)) });
    }
  }
  return words;
}
