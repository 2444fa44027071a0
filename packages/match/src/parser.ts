import type { FieldName, QueryNode } from './ast';
import { lex, type Lexeme } from './lexer';
import { QuerySyntaxError } from './query-syntax-error';
import { queryWords } from './query-words';

/** Longest query accepted, in characters, and deepest nesting of parentheses. */
export const MAX_QUERY_LENGTH = 4000;
const MAX_DEPTH = 40;
const MAX_TERMS = 500;

/**
 * Parses a watch query. Precedence, loosest first — the one place it is defined:
 *
 *   1. `OR`
 *   2. `AND`, or two operands side by side (juxtaposition means AND)
 *   3. `NEAR/n`, `ONEAR/n` (left-associative; operands are words, phrases, OR-groups of
 *      them, or other NEARs — not AND/NOT, which have no position to measure from)
 *   4. `NOT` (prefix, applies to the next operand only)
 *   5. operands: `word`, `"phrase"`, `{Exact}`, `( … )`, `field:operand`
 *
 * So `a OR b c` is `a OR (b AND c)`, `NOT a b` is `(NOT a) AND b`, and
 * `a b NEAR/3 c` is `a AND (b NEAR/3 c)`.
 */
export function parseQuery(source: string): QueryNode {
  if (source.length > MAX_QUERY_LENGTH) {
    throw new QuerySyntaxError(`query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  }
  if (!source.trim()) throw new QuerySyntaxError('empty query', 0);
  const parser = new Parser(lex(source), source.length);
  const node = parser.parseOr();
  const extra = parser.peek();
  if (extra) throw new QuerySyntaxError(extra.kind === 'rparen' ? "unexpected ')'" : 'unexpected input', extra.position);
  if (!hasPositiveTerm(node)) {
    throw new QuerySyntaxError('the query needs at least one word to look for; NOT alone would match almost every story', 0);
  }
  return node;
}

class Parser {
  #at = 0;
  #depth = 0;
  #terms = 0;

  constructor(
    private readonly lexemes: Lexeme[],
    private readonly end: number,
  ) {}

  peek(): Lexeme | undefined {
    return this.lexemes[this.#at];
  }

  #next(): Lexeme | undefined {
    return this.lexemes[this.#at++];
  }

  parseOr(): QueryNode {
    const children = [this.#parseAnd()];
    while (this.peek()?.kind === 'or') {
      const op = this.#next()!;
      if (!this.#startsOperand()) throw new QuerySyntaxError('OR needs a term after it', op.position);
      children.push(this.#parseAnd());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  #parseAnd(): QueryNode {
    const children = [this.#parseNear()];
    for (;;) {
      const next = this.peek();
      if (next?.kind === 'and') {
        this.#next();
        if (!this.#startsOperand()) throw new QuerySyntaxError('AND needs a term after it', next.position);
        children.push(this.#parseNear());
      } else if (this.#startsOperand()) {
        children.push(this.#parseNear());
      } else {
        break;
      }
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  #parseNear(): QueryNode {
    let left = this.#parseUnary();
    while (this.peek()?.kind === 'near') {
      const op = this.#next() as Extract<Lexeme, { kind: 'near' }>;
      const name = op.ordered ? 'ONEAR' : 'NEAR';
      if (!this.#startsOperand() || this.peek()?.kind === 'not') throw new QuerySyntaxError(`${name} needs a term after it`, op.position);
      const right = this.#parseUnary();
      for (const side of [left, right]) {
        if (!isPositional(side)) {
          throw new QuerySyntaxError(`${name} operands must be words, phrases or OR groups of them (not AND, NOT or site:/lang:)`, op.position);
        }
      }
      left = { type: 'near', left, right, distance: op.distance, ordered: op.ordered, position: op.position };
    }
    return left;
  }

  #parseUnary(): QueryNode {
    const next = this.peek();
    if (next?.kind === 'not') {
      this.#next();
      if (!this.#startsOperand() || this.peek()?.kind === 'not') throw new QuerySyntaxError('NOT needs a term after it', next.position);
      return { type: 'not', child: this.#parseUnary(), position: next.position };
    }
    return this.#parsePrimary(null);
  }

  #parsePrimary(fields: FieldName[] | null): QueryNode {
    const lexeme = this.#next();
    if (!lexeme) throw new QuerySyntaxError('expected a term', this.end);
    switch (lexeme.kind) {
      case 'lparen': {
        if (this.peek()?.kind === 'rparen') throw new QuerySyntaxError('empty parentheses', lexeme.position);
        if (++this.#depth > MAX_DEPTH) throw new QuerySyntaxError(`parentheses nested deeper than ${MAX_DEPTH}`, lexeme.position);
        const inner = this.parseOr();
        this.#depth--;
        const close = this.#next();
        if (close?.kind !== 'rparen') throw new QuerySyntaxError("expected ')'", close?.position ?? this.end);
        return fields ? withFields(inner, fields) : inner;
      }
      case 'field': {
        if (!this.#startsOperand() || this.peek()?.kind === 'not') throw new QuerySyntaxError(`${lexeme.field}: needs a term after it`, lexeme.position);
        return this.#parsePrimary([lexeme.field]);
      }
      case 'term':
      case 'phrase':
      case 'exact':
        return this.#terms_(lexeme, fields);
      case 'rparen':
        throw new QuerySyntaxError("unexpected ')'", lexeme.position);
      default:
        throw new QuerySyntaxError(`${lexeme.kind === 'near' ? 'NEAR' : lexeme.kind.toUpperCase()} needs a term before it`, lexeme.position);
    }
  }

  #terms_(lexeme: Extract<Lexeme, { kind: 'term' | 'phrase' | 'exact' }>, fields: FieldName[] | null): QueryNode {
    if (++this.#terms > MAX_TERMS) throw new QuerySyntaxError(`more than ${MAX_TERMS} terms`, lexeme.position);
    const field = fields?.[0];
    if (field === 'site' || field === 'lang') {
      const value = lexeme.text.trim().toLowerCase();
      if (!value) throw new QuerySyntaxError(`${field}: needs a value`, lexeme.position);
      return { type: 'attribute', field, value: field === 'site' ? value.replace(/^\.+|\.+$/g, '') : value, position: lexeme.position };
    }
    const words = queryWords(lexeme.text, lexeme.position + (lexeme.kind === 'term' ? 0 : 1), lexeme.kind === 'exact');
    if (words.length === 0) {
      const what = lexeme.kind === 'phrase' ? 'empty phrase' : lexeme.kind === 'exact' ? 'empty { }' : `nothing to match in '${lexeme.text}'`;
      throw new QuerySyntaxError(what, lexeme.position);
    }
    return { type: 'terms', words, fields, position: lexeme.position, source: lexeme.text };
  }

  #startsOperand(): boolean {
    const kind = this.peek()?.kind;
    return kind === 'lparen' || kind === 'term' || kind === 'phrase' || kind === 'exact' || kind === 'field' || kind === 'not';
  }
}

/** `title:( … )`: the field applies to every term inside that has none of its own. */
function withFields(node: QueryNode, fields: FieldName[]): QueryNode {
  switch (node.type) {
    case 'terms': {
      if (node.fields) return node;
      const field = fields[0];
      if (field === 'site' || field === 'lang') {
        const value = node.source.trim().toLowerCase();
        return { type: 'attribute', field, value: field === 'site' ? value.replace(/^\.+|\.+$/g, '') : value, position: node.position };
      }
      return { ...node, fields };
    }
    case 'attribute':
      return node;
    case 'and':
    case 'or':
      return { ...node, children: node.children.map((c) => withFields(c, fields)) };
    case 'not':
      return { ...node, child: withFields(node.child, fields) };
    case 'near':
      return { ...node, left: withFields(node.left, fields), right: withFields(node.right, fields) };
  }
}

function isPositional(node: QueryNode): boolean {
  if (node.type === 'terms') return true;
  if (node.type === 'near') return true;
  if (node.type === 'or') return node.children.every(isPositional);
  return false;
}

function hasPositiveTerm(node: QueryNode): boolean {
  switch (node.type) {
    case 'terms':
    case 'attribute':
      return true;
    case 'not':
      return false;
    case 'near':
      return true;
    case 'and':
      return node.children.some(hasPositiveTerm);
    case 'or':
      return node.children.every(hasPositiveTerm);
  }
}
