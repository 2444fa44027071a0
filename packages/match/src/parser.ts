import type { QueryNode } from './ast';
import { QuerySyntaxError } from './errors';
import { lexQuery, type Lexeme } from './lexer';
import { MAX_QUERY_DEPTH, MAX_QUERY_TERMS } from './limits';

/**
 * Parses a query into its tree. Precedence, tightest first — this grammar is the one
 * definition (docs/query-language.md explains it to users):
 *
 *   1. `field:` prefix   applies to the one operand after it: `title:Kim Putin` = `(title:Kim) AND Putin`
 *   2. NEAR/n, ONEAR/n   left-associative: `a NEAR/2 b NEAR/3 c` = `(a NEAR/2 b) NEAR/3 c`
 *   3. NOT               prefix: `NOT a NEAR/3 b` = `NOT (a NEAR/3 b)`
 *   4. AND, juxtaposition  `a b` = `a AND b`; `a NOT b` = `a AND (NOT b)`
 *   5. OR                loosest: `a b OR c` = `(a AND b) OR c`
 *
 * NEAR binds tighter than NOT and AND because its operands are words and phrases, not
 * boolean expressions: `Kim NEAR/3 Putin summit` reads as "Kim near Putin, and summit", and
 * `NOT arms NEAR/3 sale` excludes stories where the two are near each other.
 *
 *   query   := or EOF
 *   or      := and ("OR" and)*
 *   and     := unary (["AND"] unary)*
 *   unary   := "NOT" unary | near          (NOT NOT is refused as a typo; NOT (NOT x) is fine)
 *   near    := fielded (("NEAR/n" | "ONEAR/n") fielded)*
 *   fielded := FIELD ":" fielded | primary
 *   primary := TERM | PHRASE | EXACT | "(" or ")"
 *
 * Errors name the operator that is missing an operand, at the operator's position.
 */
export function parseQuery(source: string): QueryNode {
  return new Parser(lexQuery(source)).parse();
}

/** What may start an operand after each kind of operator. */
const PRIMARY_START = new Set(['term', 'phrase', 'exact', 'lparen', 'field']);
const UNARY_START = new Set([...PRIMARY_START, 'not']);

class Parser {
  #at = 0;
  #depth = 0;
  #terms = 0;

  constructor(private readonly lexemes: Lexeme[]) {}

  parse(): QueryNode {
    if (this.#peek().kind === 'eof') throw new QuerySyntaxError('empty query', 0);
    const node = this.#or();
    const next = this.#peek();
    if (next.kind !== 'eof') throw new QuerySyntaxError(next.kind === 'rparen' ? "unexpected ')'" : `unexpected ${describe(next)}`, next.position);
    return node;
  }

  #peek(): Lexeme {
    return this.lexemes[this.#at]!;
  }

  #next(): Lexeme {
    return this.lexemes[this.#at++]!;
  }

  /** Consumes an operator and checks that an operand of the right kind follows it. */
  #operator(allowed: Set<string>): Lexeme {
    const op = this.#next();
    if (!allowed.has(this.#peek().kind)) throw new QuerySyntaxError(`${describe(op)} needs a term after it`, op.position);
    return op;
  }

  #enter(position: number): void {
    if (++this.#depth > MAX_QUERY_DEPTH) throw new QuerySyntaxError(`query is nested deeper than ${MAX_QUERY_DEPTH} levels`, position);
  }

  #or(): QueryNode {
    const children = [this.#and()];
    while (this.#peek().kind === 'or') {
      this.#operator(UNARY_START);
      children.push(this.#and());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  #and(): QueryNode {
    const first = this.#peek();
    if (first.kind === 'and' || first.kind === 'or' || first.kind === 'near') {
      throw new QuerySyntaxError(`${describe(first)} needs a term before it`, first.position);
    }
    const children = [this.#unary()];
    for (;;) {
      const next = this.#peek();
      if (next.kind === 'and') this.#operator(UNARY_START);
      else if (!UNARY_START.has(next.kind)) break;
      children.push(this.#unary());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  #unary(): QueryNode {
    if (this.#peek().kind !== 'not') return this.#near();
    const op = this.#operator(PRIMARY_START);
    this.#enter(op.position);
    const child = this.#unary();
    this.#depth--;
    return { type: 'not', child, position: op.position };
  }

  #near(): QueryNode {
    let left = this.#fielded();
    for (let op = this.#peek(); op.kind === 'near'; op = this.#peek()) {
      this.#operator(PRIMARY_START);
      const right = this.#fielded();
      left = { type: 'near', left, right, distance: op.distance, ordered: op.ordered, position: op.position };
    }
    return left;
  }

  #fielded(): QueryNode {
    const op = this.#peek();
    if (op.kind !== 'field') return this.#primary();
    this.#operator(PRIMARY_START);
    this.#enter(op.position);
    const child = this.#fielded();
    this.#depth--;
    return { type: 'field', field: op.field, child, position: op.position };
  }

  #primary(): QueryNode {
    const next = this.#next();
    switch (next.kind) {
      case 'term':
      case 'phrase':
      case 'exact':
        if (++this.#terms > MAX_QUERY_TERMS) throw new QuerySyntaxError(`query has more than ${MAX_QUERY_TERMS} terms`, next.position);
        return { type: next.kind, text: next.text, position: next.position };
      case 'lparen': {
        if (this.#peek().kind === 'rparen') throw new QuerySyntaxError('empty parentheses', next.position);
        this.#enter(next.position);
        const inner = this.#or();
        this.#depth--;
        const close = this.#next();
        if (close.kind !== 'rparen') throw new QuerySyntaxError("expected ')'", close.position);
        return inner;
      }
      case 'rparen':
        throw new QuerySyntaxError("unexpected ')'", next.position);
      default:
        throw new QuerySyntaxError(`unexpected ${describe(next)}`, next.position);
    }
  }
}

function describe(lexeme: Lexeme): string {
  switch (lexeme.kind) {
    case 'and':
      return 'AND';
    case 'or':
      return 'OR';
    case 'not':
      return 'NOT';
    case 'near':
      return lexeme.ordered ? 'ONEAR' : 'NEAR';
    case 'field':
      return `${lexeme.field}:`;
    case 'lparen':
      return "'('";
    case 'rparen':
      return "')'";
    case 'eof':
      return 'end of query';
    default:
      return `'${lexeme.text}'`;
  }
}
