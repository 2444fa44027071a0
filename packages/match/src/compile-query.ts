import type { QueryNode } from './ast';
import { PreparedDocument, type MatchDocument } from './document';
import { contributingSpans, matches, type Span } from './evaluate';
import { parseQuery } from './parser';
import { mergeSpans } from './spans';

/** A parsed, validated watch query, ready to run against any number of documents. */
export class CompiledQuery {
  constructor(
    readonly source: string,
    readonly ast: QueryNode,
  ) {}

  /** True when the document satisfies the query. */
  match(doc: MatchDocument | PreparedDocument): boolean {
    return matches(prepare(doc), this.ast);
  }

  /** The spans that made the document match (merged, per field); empty when it does not match. */
  explain(doc: MatchDocument | PreparedDocument): Span[] {
    const prepared = prepare(doc);
    if (!matches(prepared, this.ast)) return [];
    return mergeSpans(contributingSpans(prepared, this.ast));
  }
}

function prepare(doc: MatchDocument | PreparedDocument): PreparedDocument {
  return doc instanceof PreparedDocument ? doc : new PreparedDocument(doc);
}

/** Parses and validates a query; throws QuerySyntaxError with the position of the mistake. */
export function compileQuery(source: string): CompiledQuery {
  return new CompiledQuery(source, parseQuery(source));
}
