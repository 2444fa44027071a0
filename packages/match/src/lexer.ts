import { FIELD_NAMES, type FieldName } from './ast';
import { QuerySyntaxError } from './query-syntax-error';

export type Lexeme =
  | { kind: 'lparen'; position: number }
  | { kind: 'rparen'; position: number }
  | { kind: 'and' | 'or' | 'not'; position: number }
  | { kind: 'near'; distance: number; ordered: boolean; position: number }
  | { kind: 'field'; field: FieldName; position: number }
  | { kind: 'phrase'; text: string; position: number }
  | { kind: 'exact'; text: string; position: number }
  | { kind: 'term'; text: string; position: number };

const OPEN_QUOTES = new Set(['"', '“', '„', '”', '«']);
const CLOSE_QUOTES = new Set(['"', '”', '“', '»']);
const BREAKS = new Set(['(', ')', '{', '}', ...OPEN_QUOTES, ...CLOSE_QUOTES]);
const MAX_NEAR = 999;

/** Splits a query into lexemes. Operators count only in capitals: "and" is a word. */
export function lex(source: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(') {
      out.push({ kind: 'lparen', position: i++ });
    } else if (ch === ')') {
      out.push({ kind: 'rparen', position: i++ });
    } else if (OPEN_QUOTES.has(ch)) {
      let end = i + 1;
      while (end < source.length && !CLOSE_QUOTES.has(source[end]!)) end++;
      if (end >= source.length) throw new QuerySyntaxError('unclosed quote', i);
      out.push({ kind: 'phrase', text: source.slice(i + 1, end), position: i });
      i = end + 1;
    } else if (ch === '{') {
      const end = source.indexOf('}', i + 1);
      if (end === -1) throw new QuerySyntaxError("expected '}' to close '{'", source.length);
      out.push({ kind: 'exact', text: source.slice(i + 1, end), position: i });
      i = end + 1;
    } else if (ch === '}') {
      throw new QuerySyntaxError("unexpected '}'", i);
    } else {
      let end = i;
      while (end < source.length && !/\s/.test(source[end]!) && !BREAKS.has(source[end]!)) end++;
      i = lexWord(source.slice(i, end), i, out);
    }
  }
  return out;
}

/** Classifies one run of non-space characters; returns where lexing continues. */
function lexWord(word: string, position: number, out: Lexeme[]): number {
  const end = position + word.length;
  if (word === 'AND' || word === 'OR' || word === 'NOT') {
    out.push({ kind: word.toLowerCase() as 'and' | 'or' | 'not', position });
    return end;
  }
  const near = /^(O?NEAR)(?:\/(.*))?$/.exec(word);
  if (near) {
    const raw = near[2];
    if (raw === undefined || !/^\d{1,3}$/.test(raw)) {
      throw new QuerySyntaxError(`${near[1]} needs a word distance such as ${near[1]}/5`, position);
    }
    const distance = Number(raw);
    if (distance > MAX_NEAR) throw new QuerySyntaxError(`${near[1]} distance must be at most ${MAX_NEAR}`, position);
    out.push({ kind: 'near', distance, ordered: near[1] === 'ONEAR', position });
    return end;
  }
  const field = /^([a-z]+):/.exec(word);
  if (field && (FIELD_NAMES as readonly string[]).includes(field[1]!)) {
    out.push({ kind: 'field', field: field[1] as FieldName, position });
    const rest = word.slice(field[0].length);
    if (rest) out.push({ kind: 'term', text: rest, position: position + field[0].length });
    return end;
  }
  out.push({ kind: 'term', text: word, position });
  return end;
}
