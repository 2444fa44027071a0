import type { QueryNode } from './ast';
import { QuerySyntaxError } from './errors';
import { DEFAULT_FIELD_MASK, fieldMask, type QueryFieldName } from './fields';
import { hasWildcard } from './glob';
import { MAX_NESTED_NEARS, MAX_QUERY_TERMS } from './limits';
import { createNode, matchesEmptyStory, nodeFieldMask, type MatchNode } from './match-node';
import { normalizeLangTag } from './meta-fields';
import { parseQuery } from './parser';
import { queryWordVariants, type TermKind } from './query-terms';
import type { TermDictionary } from './term-dictionary';

/** A query compiled against a term dictionary. */
export interface CompiledNode {
  ast: QueryNode;
  node: MatchNode;
  /** The text fields the query reads: the others need not be tokenized. */
  fieldMask: number;
}

type Scope = { kind: 'text'; mask: number } | { kind: 'site' } | { kind: 'lang' };

/** What compiling has used up so far: terms, and NEARs nested as operands of NEARs. */
interface Counter {
  terms: number;
  nestedNears: number;
}

/**
 * Parses and compiles a query, adding its leaves to `dict`. Throws QuerySyntaxError for
 * anything the parser accepts but cannot mean something: NEAR around AND/NOT, `site:` with
 * a malformed host, a query that only excludes.
 */
export function compileSource(source: string, dict: TermDictionary): CompiledNode {
  const ast = parseQuery(source);
  const counter: Counter = { terms: 0, nestedNears: 0 };
  const node = compileNode(ast, { kind: 'text', mask: DEFAULT_FIELD_MASK }, dict, counter);
  if (matchesEmptyStory(node)) {
    throw new QuerySyntaxError('a query needs at least one word that is not under NOT (it would match almost every story)', 0);
  }
  return { ast, node, fieldMask: nodeFieldMask(node) };
}

function compileNode(node: QueryNode, scope: Scope, dict: TermDictionary, counter: Counter): MatchNode {
  switch (node.type) {
    case 'term':
    case 'phrase':
    case 'exact': {
      const offset = node.type === 'term' ? node.position : node.position + 1;
      const label = node.type === 'term' ? node.text : node.type === 'phrase' ? `"${node.text}"` : `{${node.text}}`;
      if (scope.kind === 'site') return createNode({ kind: 'meta', leaf: dict.site(siteHost(node.text, offset)), label: `site:${node.text}` });
      if (scope.kind === 'lang') return createNode({ kind: 'meta', leaf: dict.lang(langTag(node.text, offset)), label: `lang:${node.text}` });
      return compileWords(node.text, offset, node.type, label, scope.mask, dict, counter);
    }
    case 'field':
      return compileNode(node.child, fieldScope(node.field), dict, counter);
    case 'and':
    case 'or': {
      const children: MatchNode[] = [];
      for (const child of node.children) {
        const compiled = compileNode(child, scope, dict, counter);
        if (compiled.kind === node.type) children.push(...compiled.children);
        else children.push(compiled);
      }
      return createNode({ kind: node.type, children });
    }
    case 'not': {
      const child = compileNode(node.child, scope, dict, counter);
      return child.kind === 'not' ? child.child : createNode({ kind: 'not', child });
    }
    case 'near': {
      if (scope.kind !== 'text') throw new QuerySyntaxError(`NEAR works on text, not on ${scope.kind}:`, node.position);
      const left = compileNode(node.left, scope, dict, counter);
      const right = compileNode(node.right, scope, dict, counter);
      if (!isPositional(left) || !isPositional(right)) {
        throw new QuerySyntaxError(`${node.ordered ? 'ONEAR' : 'NEAR'} operands must be words, phrases, OR groups of them, or NEARs`, node.position);
      }
      // A NEAR inside a NEAR (a chain `a NEAR/1 b NEAR/1 c` is one) is the one thing whose
      // cost grows with the query as well as the story: each is a pass over its operands'
      // positions. A top-level NEAR only asks whether one pair exists.
      counter.nestedNears += countNears(left) + countNears(right);
      if (counter.nestedNears > MAX_NESTED_NEARS) {
        throw new QuerySyntaxError(`NEAR can be nested inside NEAR at most ${MAX_NESTED_NEARS} times in one query`, node.position);
      }
      return createNode({ kind: 'near', left, right, distance: node.distance, ordered: node.ordered });
    }
  }
}

/** The NEARs a NEAR operand is made of: itself, or those of an OR group (not deeper ones, already counted). */
function countNears(node: MatchNode): number {
  if (node.kind === 'near') return 1;
  if (node.kind === 'or') return node.children.reduce((n, child) => n + countNears(child), 0);
  return 0;
}

function fieldScope(field: QueryFieldName): Scope {
  if (field === 'site') return { kind: 'site' };
  if (field === 'lang') return { kind: 'lang' };
  return { kind: 'text', mask: fieldMask(field) };
}

/** Whether a node has word positions, which NEAR needs: words, phrases, ORs of them, NEARs. */
function isPositional(node: MatchNode): boolean {
  if (node.kind === 'term' || node.kind === 'phrase' || node.kind === 'near') return true;
  return node.kind === 'or' && node.children.every(isPositional);
}

function compileWords(text: string, offset: number, kind: TermKind, label: string, fields: number, dict: TermDictionary, counter: Counter): MatchNode {
  const alternatives = queryWordVariants(text, offset, kind).map((words): MatchNode => {
    counter.terms += words.length;
    if (counter.terms > MAX_QUERY_TERMS) throw new QuerySyntaxError(`query has more than ${MAX_QUERY_TERMS} terms`, offset);
    const slots = words.map((w) => dict.term(w.folded, w.exact));
    return slots.length === 1 ? createNode({ kind: 'term', leaf: slots[0]!, fields, label }) : createNode({ kind: 'phrase', slots, fields, label });
  });
  return alternatives.length === 1 ? alternatives[0]! : createNode({ kind: 'or', children: alternatives });
}

const HOST = /^[\p{L}\p{N}.-]+$/u;

/**
 * The host suffix a `site:` value stands for: a bare host (`bbc.co.uk`), or a URL whose host
 * is taken. A leading `www.` is dropped so `site:www.bbc.com` also matches `news.bbc.com`.
 * International names are compared in their punycode form, as URLs carry them.
 */
function siteHost(value: string, offset: number): string {
  if (hasWildcard(value)) throw new QuerySyntaxError('site: takes a host name without wildcards', offset);
  let host = value.trim().toLowerCase();
  if (host.includes('://')) host = host.slice(host.indexOf('://') + 3);
  host = host
    .replace(/[/?#].*$/s, '')
    .replace(/:\d*$/, '')
    .replace(/^\.+|\.+$/g, '');
  if (!HOST.test(host)) throw new QuerySyntaxError('site: needs a host name such as bbc.co.uk', offset);
  try {
    host = new URL(`http://${host}`).hostname;
  } catch {
    throw new QuerySyntaxError('site: needs a host name such as bbc.co.uk', offset);
  }
  return host.replace(/^www\./, '');
}

/** A `lang:` value: a language tag prefix such as `en`, `pt-BR` or `zh-Hant`. */
function langTag(value: string, offset: number): string {
  const tag = normalizeLangTag(value);
  if (!/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/.test(tag)) throw new QuerySyntaxError('lang: needs a language code such as en or pt-BR', offset);
  return tag;
}
