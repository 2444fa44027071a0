import { DocumentAnalyzer } from './analyze';
import { formatQuery } from './ast';
import { compileSource } from './compile';
import { evaluate } from './evaluate';
import { explainMatch } from './explain';
import type { MatchDocument } from './fields';
import type { MatchNode } from './match-node';
import { PositionalHits } from './positional-hits';
import { PreparedDocument } from './prepared-document';
import type { Span } from './span';
import { TermDictionary } from './term-dictionary';

/**
 * One query, compiled once and matched against many stories. Pass a PreparedDocument when
 * the same story is matched by several queries one after another.
 */
export class CompiledQuery {
  /** The query as the user wrote it. */
  readonly source: string;
  /** The query fully parenthesized, showing how precedence grouped it. */
  readonly structure: string;
  readonly #node: MatchNode;
  readonly #fieldMask: number;
  readonly #analyzer: DocumentAnalyzer;

  /** Compiles `source`; throws QuerySyntaxError when it is malformed. */
  constructor(source: string) {
    const dict = new TermDictionary();
    const compiled = compileSource(source, dict);
    this.source = source;
    this.structure = formatQuery(compiled.ast);
    this.#node = compiled.node;
    this.#fieldMask = compiled.fieldMask;
    this.#analyzer = new DocumentAnalyzer(dict);
  }

  /** Whether the story matches. */
  match(doc: MatchDocument | PreparedDocument): boolean {
    return evaluate(this.#node, new PositionalHits(this.#analyze(doc)));
  }

  /** The spans that made the story match (empty when it does not), sorted by field and offset. */
  explain(doc: MatchDocument | PreparedDocument): Span[] {
    return explainMatch(this.#node, new PositionalHits(this.#analyze(doc)));
  }

  #analyze(doc: MatchDocument | PreparedDocument) {
    return doc instanceof PreparedDocument ? this.#analyzer.analyzePrepared(doc) : this.#analyzer.analyze(doc, this.#fieldMask);
  }
}

/** Compiles a watch query; throws QuerySyntaxError (with `.position`) when it is malformed. */
export function compileQuery(source: string): CompiledQuery {
  return new CompiledQuery(source);
}
