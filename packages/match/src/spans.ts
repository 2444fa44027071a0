import type { Span } from './evaluate';

/**
 * Spans sorted by field then offset, with overlapping or touching spans of one field merged:
 * ready to wrap in `<mark>` without nesting.
 */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => (a.field === b.field ? a.start - b.start || b.end - a.end : a.field < b.field ? -1 : 1));
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && last.field === span.field && span.start <= last.end) {
      last.end = Math.max(last.end, span.end);
    } else {
      out.push({ field: span.field, start: span.start, end: span.end, ...(span.term !== undefined ? { term: span.term } : {}) });
    }
  }
  return out;
}
