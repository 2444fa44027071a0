import { QuerySyntaxError } from './errors';
import { exactForms, foldedForms } from './fold';
import { MAX_HYPHEN_VARIANTS } from './limits';
import { scanText } from './scan-text';
import { TOKEN_CJK, TokenBuffer } from './token-buffer';

/** One word of a query term, folded the same way as story text. */
export interface QueryWord {
  /** Folded spelling, wildcards kept. */
  folded: string;
  /** NFKC spelling for `{exact}` terms, else null. */
  exact: string | null;
}

/** What a term's text came from, for the wording of errors. */
export type TermKind = 'term' | 'phrase' | 'exact';

const HYPHENS = new Set(['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2212', '\ufe63', '\uff0d']);
const WILDCARD = /[*?]/;
const MIN_WILDCARD_LETTERS = 2;

/** Reused by every term: compiling is synchronous, and 10,000 watches have many terms. */
const termBuffer = new TokenBuffer();

interface RawWord extends QueryWord {
  start: number;
  end: number;
  cjk: boolean;
}

/**
 * The word sequences a term, phrase or `{exact}` text stands for. Usually one; a hyphenated
 * word also stands for its closed-up spelling, so `Jong-un` is `"Jong un"` OR `Jongun`
 * (hyphens in story text separate words, so the spaced form covers "Jong-un" and "Jong Un").
 * `offset` is where `text` starts in the query, for error positions.
 */
export function queryWordVariants(text: string, offset: number, kind: TermKind): QueryWord[][] {
  if (text.trim() === '' && kind !== 'term') throw new QuerySyntaxError(kind === 'phrase' ? 'empty phrase' : 'empty { }', offset - 1);
  if (kind === 'exact' && WILDCARD.test(text)) throw new QuerySyntaxError('wildcards cannot be used inside { }', offset);
  const buffer = termBuffer;
  buffer.count = 0;
  scanText(text, buffer, true);
  const words: RawWord[] = [];
  for (let k = 0; k < buffer.count; k++) {
    const start = buffer.starts[k]!;
    const end = buffer.ends[k]!;
    const folded = foldedForms(text, start, end, true)[0]!;
    words.push({ start, end, cjk: (buffer.flags[k]! & TOKEN_CJK) !== 0, folded, exact: kind === 'exact' ? exactForms(text, start, end)[0]! : null });
  }
  checkWildcards(text, words, offset);
  if (words.length === 0) {
    throw new QuerySyntaxError(`'${text}' has nothing to match: a term needs a letter or a digit`, kind === 'term' ? offset : offset - 1);
  }

  // Runs of words joined by single hyphens, e.g. [Kim] [Jong, un].
  const runs: RawWord[][] = [];
  for (let k = 0; k < words.length; k++) {
    const word = words[k]!;
    const previous = words[k - 1];
    const joined = previous !== undefined && !previous.cjk && !word.cjk && HYPHENS.has(text.slice(previous.end, word.start));
    if (joined) runs.at(-1)!.push(word);
    else runs.push([word]);
  }
  let variants: QueryWord[][] = [[]];
  let hyphenated = 0;
  for (const run of runs) {
    const options: QueryWord[][] = [run];
    if (run.length > 1 && hyphenated++ < MAX_HYPHEN_VARIANTS) {
      options.push([{ folded: run.map((w) => w.folded).join(''), exact: kind === 'exact' ? run.map((w) => w.exact).join('') : null }]);
    }
    variants = variants.flatMap((prefix) => options.map((option) => [...prefix, ...option]));
  }
  return variants.map((variant) => variant.map(({ folded, exact }) => ({ folded, exact })));
}

/**
 * A wildcard word needs two letters or digits besides its wildcards (`a*` would match a
 * good part of the dictionary), and wildcards have no place next to Chinese, Japanese or
 * Korean characters: those already match inside longer words.
 */
function checkWildcards(text: string, words: RawWord[], offset: number): void {
  for (let k = 0; k < words.length; k++) {
    const word = words[k]!;
    if (!WILDCARD.test(word.folded)) continue;
    const previous = words[k - 1];
    const next = words[k + 1];
    if (word.cjk || (previous?.cjk && previous.end === word.start) || (next?.cjk && word.end === next.start)) {
      throw new QuerySyntaxError('wildcards are not supported in Chinese, Japanese or Korean words (they match inside words already)', offset);
    }
    if (word.folded.replace(/[*?]/g, '').length < MIN_WILDCARD_LETTERS) {
      throw new QuerySyntaxError(`wildcard word '${text.slice(word.start, word.end)}' needs at least ${MIN_WILDCARD_LETTERS} letters`, offset + word.start);
    }
  }
}
