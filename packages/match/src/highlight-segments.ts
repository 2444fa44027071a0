import type { Span } from './span';

/** A run of a field's text, either matched by a watch or not. */
export interface HighlightSegment {
  text: string;
  marked: boolean;
}

/** Where a span lies in its field's text: all highlighting needs of it. */
type SpanRange = Pick<Span, 'start' | 'end'>;

/**
 * Cuts `text` into plain and matched runs, in text order, from the spans of one field (of
 * any number of watches, in any order). Overlapping or touching spans merge into one run, so
 * a `<mark>` never nests or abuts another; spans outside the text are clipped or dropped —
 * stored spans may outlive an edit that shortened the field — and a boundary that falls
 * inside a surrogate pair widens to the whole character, so an emoji is never split.
 */
export function highlightSegments(text: string, spans: readonly SpanRange[]): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  let cursor = 0;
  for (const range of mergeRanges(spans.map((span) => wholeCharacters(text, span)))) {
    if (range.start > cursor) segments.push({ text: text.slice(cursor, range.start), marked: false });
    segments.push({ text: text.slice(range.start, range.end), marked: true });
    cursor = range.end;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor), marked: false });
  return segments;
}

/** Sorted, disjoint, non-touching ranges; empty and inverted ones are dropped. */
function mergeRanges(ranges: SpanRange[]): SpanRange[] {
  const sorted = ranges.filter((range) => range.end > range.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: SpanRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ start: range.start, end: range.end });
  }
  return merged;
}

/** The span clipped to the text, its ends moved off the middle of a surrogate pair. */
function wholeCharacters(text: string, span: SpanRange): SpanRange {
  let start = clamp(Math.floor(span.start), text.length);
  let end = clamp(Math.ceil(span.end), text.length);
  if (splitsPair(text, start)) start--;
  if (splitsPair(text, end)) end++;
  return { start, end };
}

function clamp(offset: number, length: number): number {
  if (Number.isNaN(offset)) return 0;
  return Math.min(Math.max(offset, 0), length);
}

/** True when `offset` lies between the two halves of one astral character. */
function splitsPair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}
