import type { AlertSpan } from '@newswatch/db';

/** A run of a field's text, either matched by a watch or not. */
export interface TextSegment {
  text: string;
  marked: boolean;
}

/**
 * Cuts `text` into plain and matched runs from the spans of one field. Spans are UTF-16
 * offsets (JavaScript string indices); overlapping or touching spans merge into one run, spans
 * outside the text are clipped or dropped, and a boundary that falls inside a surrogate pair
 * widens to the whole character so an emoji is never split.
 */
export function highlightSegments(text: string, spans: readonly Pick<AlertSpan, 'start' | 'end'>[]): TextSegment[] {
  const ranges = mergeRanges(
    spans
      .map((span) => ({
        start: widenStart(text, clamp(Math.floor(span.start), text.length)),
        end: widenEnd(text, clamp(Math.ceil(span.end), text.length)),
      }))
      .filter((range) => range.end > range.start),
  );
  const segments: TextSegment[] = [];
  let cursor = 0;
  for (const range of ranges) {
    if (range.start > cursor) segments.push({ text: text.slice(cursor, range.start), marked: false });
    segments.push({ text: text.slice(range.start, range.end), marked: true });
    cursor = range.end;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor), marked: false });
  return segments;
}

/**
 * Renders `text` with its matched runs wrapped by `mark`, every run first passed through
 * `escape` (HTML escaping for e-mail, mrkdwn escaping for Slack…).
 */
export function renderHighlighted(
  text: string,
  spans: readonly Pick<AlertSpan, 'start' | 'end'>[],
  format: { escape: (run: string) => string; mark: (escapedRun: string) => string },
): string {
  return highlightSegments(text, spans)
    .map((segment) => (segment.marked ? format.mark(format.escape(segment.text)) : format.escape(segment.text)))
    .join('');
}

function mergeRanges(ranges: { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: { start: number; end: number }[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

function clamp(offset: number, length: number): number {
  if (Number.isNaN(offset)) return 0;
  return Math.min(Math.max(offset, 0), length);
}

function widenStart(text: string, offset: number): number {
  return offset > 0 && isLowSurrogate(text.charCodeAt(offset)) && isHighSurrogate(text.charCodeAt(offset - 1)) ? offset - 1 : offset;
}

function widenEnd(text: string, offset: number): number {
  return offset < text.length && isLowSurrogate(text.charCodeAt(offset)) && isHighSurrogate(text.charCodeAt(offset - 1)) ? offset + 1 : offset;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
