/** A stretch of text to mark, UTF-16 offsets into that text. */
export interface TextSpan {
  start: number;
  end: number;
}

/** Sorted, clipped, overlap-free spans: safe to cut the text along. */
export function normalizeSpans(text: string, spans: TextSpan[]): TextSpan[] {
  const sorted = spans
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(text.length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const merged: TextSpan[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** Text with the matched words in `<mark>`; everything is escaped by JSX. */
export function Highlighted({ text, spans }: { text: string; spans: TextSpan[] }) {
  const parts: (string | ReturnType<typeof Mark>)[] = [];
  let at = 0;
  for (const span of normalizeSpans(text, spans)) {
    if (span.start > at) parts.push(text.slice(at, span.start));
    parts.push(<Mark text={text.slice(span.start, span.end)} />);
    at = span.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

function Mark({ text }: { text: string }) {
  return <mark>{text}</mark>;
}
