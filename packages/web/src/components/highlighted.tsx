import { highlightSegments, type Span } from '@newswatch/match';

/** Where a match lies in the text shown: a span of @newswatch/match, its field already chosen. */
export type TextSpan = Pick<Span, 'start' | 'end'>;

/** Text with the matched words in `<mark>`; everything is escaped by JSX. */
export function Highlighted({ text, spans }: { text: string; spans: readonly TextSpan[] }) {
  return <>{highlightSegments(text, spans).map((segment) => (segment.marked ? <mark>{segment.text}</mark> : segment.text))}</>;
}
