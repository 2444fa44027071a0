import type { FieldName } from './fields';

/**
 * A stretch of a document field that contributed to a match. Offsets are UTF-16 code units
 * into the original field text, so `text.slice(start, end)` is the matched words.
 */
export interface Span {
  field: FieldName;
  start: number;
  end: number;
  /** The query term that matched, as written in the query (e.g. `sanction*`, `"Kim Jong Un"`). */
  term?: string;
}
