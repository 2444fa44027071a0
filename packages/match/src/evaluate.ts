import { DEFAULT_FIELDS, type QueryNode, type WordPattern } from './ast';
import type { PreparedDocument, WordField } from './document';
import { globMatch } from './glob';
import { tokenSubstringOffsets, type Token } from './tokenize';

/** A highlighted stretch of a field: UTF-16 offsets into that field's original text. */
export interface Span {
  field: string;
  start: number;
  end: number;
  /** The query term that produced it. */
  term?: string;
}

/** Where a term, phrase or NEAR matched: a run of words in one field, and what to highlight. */
interface Occurrence {
  field: WordField;
  from: number;
  to: number;
  spans: Span[];
}

const MAX_NEAR_PAIRS = 20_000;

function tokenMatches(token: Token, pattern: WordPattern): boolean {
  switch (pattern.kind) {
    case 'word':
      return token.norm === pattern.norm;
    case 'exact':
      return token.exact === pattern.text;
    case 'prefix':
      return token.norm.startsWith(pattern.norm);
    case 'glob':
      return globMatch(pattern.norm, token.norm);
    case 'cjk':
      return token.norm.includes(pattern.norm);
  }
}

/** Token indices in `field` where one query word matches, via the document's vocabulary. */
function wordPositions(doc: PreparedDocument, field: WordField, pattern: WordPattern): number[] {
  const vocab = doc.vocabulary(field);
  if (pattern.kind === 'word') return vocab.get(pattern.norm) ?? [];
  if (pattern.kind === 'exact') {
    const tokens = doc.tokens(field);
    return (vocab.get(pattern.norm) ?? []).filter((i) => tokens[i]!.exact === pattern.text);
  }
  const key = `${field}\u0000${pattern.kind}\u0000${pattern.norm}`;
  let found = doc.lookups.get(key);
  if (!found) {
    found = [];
    for (const [norm, positions] of vocab) {
      const hit =
        pattern.kind === 'prefix' ? norm.startsWith(pattern.norm) : pattern.kind === 'glob' ? globMatch(pattern.norm, norm) : norm.includes(pattern.norm);
      if (hit) found.push(...positions);
    }
    found.sort((a, b) => a - b);
    doc.lookups.set(key, found);
  }
  return found;
}

function wordSpan(token: Token, pattern: WordPattern): { start: number; end: number } {
  if (pattern.kind !== 'cjk') return { start: token.start, end: token.end };
  const at = token.norm.indexOf(pattern.norm);
  return tokenSubstringOffsets(token, at, at + pattern.norm.length);
}

function termOccurrences(doc: PreparedDocument, node: Extract<QueryNode, { type: 'terms' }>): Occurrence[] {
  const out: Occurrence[] = [];
  const [first, ...rest] = node.words;
  for (const field of (node.fields ?? DEFAULT_FIELDS) as WordField[]) {
    const tokens = doc.tokens(field);
    if (tokens.length === 0) continue;
    for (const p of wordPositions(doc, field, first!)) {
      if (p + rest.length >= tokens.length) continue;
      if (!rest.every((pattern, j) => tokenMatches(tokens[p + 1 + j]!, pattern))) continue;
      const last = p + rest.length;
      const start = wordSpan(tokens[p]!, first!).start;
      const end = wordSpan(tokens[last]!, node.words[rest.length]!).end;
      out.push({ field, from: p, to: last, spans: [{ field, start, end, term: node.source }] });
    }
  }
  return out;
}

type TermsNode = Extract<QueryNode, { type: 'terms' }>;
const termKeys = new WeakMap<TermsNode, string>();

/** Equal terms in different watches share one key, so a document answers each only once. */
function termKey(node: TermsNode): string {
  let key = termKeys.get(node);
  if (key === undefined) {
    key = `${node.fields?.join(',') ?? ''}|${node.words.map((w) => `${w.kind}:${w.kind === 'exact' ? w.text : w.norm}`).join(' ')}`;
    termKeys.set(node, key);
  }
  return key;
}

/** Occurrences of a term or phrase, memoized per document across every watch that uses it. */
function termOccurrencesMemo(doc: PreparedDocument, node: TermsNode): Occurrence[] {
  const key = termKey(node);
  let found = doc.termMemo.get(key) as Occurrence[] | undefined;
  if (!found) {
    found = termOccurrences(doc, node);
    doc.termMemo.set(key, found);
  }
  return found;
}

function nearOccurrences(doc: PreparedDocument, node: Extract<QueryNode, { type: 'near' }>): Occurrence[] {
  const left = occurrences(doc, node.left);
  if (left.length === 0) return [];
  const right = occurrences(doc, node.right);
  const out: Occurrence[] = [];
  let pairs = 0;
  for (const l of left) {
    for (const r of right) {
      if (++pairs > MAX_NEAR_PAIRS) return out;
      if (l.field !== r.field) continue;
      let gap: number;
      if (l.to < r.from) gap = r.from - l.to - 1;
      else if (!node.ordered && r.to < l.from) gap = l.from - r.to - 1;
      else continue;
      if (gap <= node.distance) {
        out.push({ field: l.field, from: Math.min(l.from, r.from), to: Math.max(l.to, r.to), spans: [...l.spans, ...r.spans] });
      }
    }
  }
  return out;
}

/** Positional matches of a term, phrase, OR group or NEAR. */
function occurrences(doc: PreparedDocument, node: QueryNode): Occurrence[] {
  switch (node.type) {
    case 'terms':
      return termOccurrencesMemo(doc, node);
    case 'near':
      return nearOccurrences(doc, node);
    case 'or':
      return node.children.flatMap((child) => occurrences(doc, child));
    default:
      return [];
  }
}

function attributeMatches(doc: PreparedDocument, node: Extract<QueryNode, { type: 'attribute' }>): boolean {
  if (node.field === 'site') return doc.host !== null && (doc.host === node.value || doc.host.endsWith(`.${node.value}`));
  return doc.lang !== null && (doc.lang === node.value || doc.lang.startsWith(`${node.value}-`));
}

/** Whether the document satisfies the query. */
export function matches(doc: PreparedDocument, node: QueryNode): boolean {
  switch (node.type) {
    case 'terms':
      return termOccurrencesMemo(doc, node).length > 0;
    case 'near':
      return occurrences(doc, node).length > 0;
    case 'attribute':
      return attributeMatches(doc, node);
    case 'and':
      return node.children.every((child) => matches(doc, child));
    case 'or':
      return node.children.some((child) => matches(doc, child));
    case 'not':
      return !matches(doc, node.child);
  }
}

/** The spans of every term that contributed to a match (nothing from NOT branches). */
export function contributingSpans(doc: PreparedDocument, node: QueryNode): Span[] {
  switch (node.type) {
    case 'terms':
    case 'near':
      return occurrences(doc, node).flatMap((o) => o.spans);
    case 'attribute':
    case 'not':
      return [];
    case 'and':
      return node.children.every((child) => matches(doc, child)) ? node.children.flatMap((child) => contributingSpans(doc, child)) : [];
    case 'or':
      return node.children.flatMap((child) => contributingSpans(doc, child));
  }
}
