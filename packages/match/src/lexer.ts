import { QuerySyntaxError } from './errors';
import { QUERY_FIELDS, type QueryFieldName } from './fields';
import { MAX_NEAR_DISTANCE, MAX_QUERY_LENGTH } from './limits';

/** One lexeme of a query; `position` is where it starts in the source. */
export type Lexeme =
  | { kind: 'term' | 'phrase' | 'exact'; text: string; position: number }
  | { kind: 'field'; field: QueryFieldName; position: number }
  | { kind: 'and' | 'or' | 'not' | 'lparen' | 'rparen' | 'eof'; position: number }
  | { kind: 'near'; distance: number; ordered: boolean; position: number; text: string };

/**
 * Straight, curly, low-9, guillemet and full-width double quotes all open and close a
 * phrase, so a query pasted from a word processor or a French page still works.
 */
const QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e', '\u201f', '\u00ab', '\u00bb', '\u301d', '\u301e', '\u301f', '\uff02']);
const WHITESPACE = /\s/u;
const FIELD_PREFIX = /^([A-Za-z]+):/;
const NEAR_OPERATOR = /^(O?NEAR)(?:\/(.*))?$/s;

function isBreak(ch: string): boolean {
  return WHITESPACE.test(ch) || ch === '(' || ch === ')' || ch === '{' || ch === '}' || QUOTES.has(ch);
}

/** Splits a query into lexemes; operators are recognized only in capitals and as whole words. */
export function lexQuery(source: string): Lexeme[] {
  if (source.length > MAX_QUERY_LENGTH) {
    throw new QuerySyntaxError(`query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  }
  const out: Lexeme[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (WHITESPACE.test(ch)) {
      i++;
    } else if (ch === '(') {
      out.push({ kind: 'lparen', position: i++ });
    } else if (ch === ')') {
      out.push({ kind: 'rparen', position: i++ });
    } else if (QUOTES.has(ch)) {
      let j = i + 1;
      while (j < source.length && !QUOTES.has(source[j]!)) j++;
      if (j >= source.length) throw new QuerySyntaxError('unclosed quote', i);
      out.push({ kind: 'phrase', text: source.slice(i + 1, j), position: i });
      i = j + 1;
    } else if (ch === '{') {
      const j = source.indexOf('}', i + 1);
      const inner = j < 0 ? '' : source.slice(i + 1, j);
      if (j < 0 || inner.includes('{')) throw new QuerySyntaxError("expected '}'", j < 0 ? source.length : i + 1 + inner.indexOf('{'));
      out.push({ kind: 'exact', text: inner, position: i });
      i = j + 1;
    } else if (ch === '}') {
      throw new QuerySyntaxError("unexpected '}'", i);
    } else {
      let j = i;
      while (j < source.length && !isBreak(source[j]!)) j++;
      i = lexWord(source.slice(i, j), i, out);
    }
  }
  out.push({ kind: 'eof', position: source.length });
  return out;
}

/** Classifies one whitespace-delimited word; returns where lexing continues. */
function lexWord(word: string, position: number, out: Lexeme[]): number {
  const end = position + word.length;
  if (word === 'AND' || word === 'OR' || word === 'NOT') {
    out.push({ kind: word === 'AND' ? 'and' : word === 'OR' ? 'or' : 'not', position });
    return end;
  }
  const near = NEAR_OPERATOR.exec(word);
  if (near) {
    const name = near[1]!;
    const digits = near[2];
    if (digits === undefined || !/^\d+$/.test(digits)) {
      throw new QuerySyntaxError(`${name} needs a word distance, as in ${name}/5`, position);
    }
    const distance = Number(digits);
    if (distance > MAX_NEAR_DISTANCE) throw new QuerySyntaxError(`${name} distance must be at most ${MAX_NEAR_DISTANCE}`, position);
    out.push({ kind: 'near', distance, ordered: name === 'ONEAR', position, text: word });
    return end;
  }
  const field = FIELD_PREFIX.exec(word);
  if (field) {
    const name = field[1]!.toLowerCase();
    if (!(QUERY_FIELDS as readonly string[]).includes(name)) {
      throw new QuerySyntaxError(`unknown field '${field[1]}' (fields are ${QUERY_FIELDS.join(', ')}; quote text that contains ':')`, position);
    }
    out.push({ kind: 'field', field: name as QueryFieldName, position });
    // The operand may follow the colon directly (`title:Kim`) or after a space.
    return position + field[0].length;
  }
  if (word.length > 1 && (word[0] === '-' || word[0] === '\u2212') && /[\p{L}\p{N}*?]/u.test(word[1]!)) {
    throw new QuerySyntaxError("'-' is not an operator: write NOT before the word, or quote it", position);
  }
  out.push({ kind: 'term', text: word, position });
  return end;
}
