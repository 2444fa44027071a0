import { highlightSegments, type Span } from '@newswatch/match';

/**
 * Renders `text` with its matched runs (see `highlightSegments`) wrapped by `mark`, every
 * run first passed through `escape` (HTML escaping for e-mail, mrkdwn escaping for Slack…).
 */
export function renderHighlighted(
  text: string,
  spans: readonly Pick<Span, 'start' | 'end'>[],
  format: { escape: (run: string) => string; mark: (escapedRun: string) => string },
): string {
  return highlightSegments(text, spans)
    .map((segment) => (segment.marked ? format.mark(format.escape(segment.text)) : format.escape(segment.text)))
    .join('');
}
