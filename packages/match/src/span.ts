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

const FIELD_ORDER: Record<FieldName, number> = { title: 0, summary: 1, content: 2, author: 3, source: 4, url: 5, lang: 6 };

/** Orders spans by field (title first), then start, then end. */
export function compareSpans(a: Span, b: Span): number {
  return FIELD_ORDER[a.field] - FIELD_ORDER[b.field] || a.start - b.start || a.end - b.end;
}

/**
 * Sorted, non-overlapping spans for highlighting: overlapping or touching spans of one field
 * become one. A merged span keeps `term` only when every part had the same term, because a
 * `<mark>` can carry one title at most.
 */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort(compareSpans);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && last.field === span.field && span.start <= last.end) {
      if (span.end > last.end) last.end = span.end;
      if (last.term !== span.term) delete last.term;
      continue;
    }
    const copy: Span = { field: span.field, start: span.start, end: span.end };
    if (span.term !== undefined) copy.term = span.term;
    out.push(copy);
  }
  return out;
}
