/**
 * The JSON stored in `matches.spans`: a `Span` of @newswatch/match as it serializes (field
 * name, UTF-16 offsets into that field's text, the query term). Declared here because db
 * imports no other package; ingest stores match's spans as they are, so the compiler checks
 * there that the two shapes agree, and readers take them back as `Pick<Span, …>`.
 */
export interface StoredSpan {
  field: string;
  start: number;
  end: number;
  term?: string;
}
