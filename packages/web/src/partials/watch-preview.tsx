import { DayBars } from '../components/day-bars';
import { Highlighted, type TextSpan } from '../components/highlighted';
import { QueryError } from '../components/query-error';
import { RelativeTime } from '../components/relative-time';

/** Swap target of the live preview beside the watch editor. */
export const WATCH_PREVIEW_ID = 'watch-preview';

export type WatchPreviewView =
  | { kind: 'empty' }
  | { kind: 'error'; query: string; message: string; position: number | null }
  | {
      kind: 'result';
      days: number;
      scanned: number;
      total: number;
      /** Stories the query ran over its work budget on: neither matched nor not. */
      skipped: number;
      /** False when the preview stopped before the end of the archive (it took too long). */
      complete: boolean;
      perDay: { date: string; count: number }[];
      items: { id: number; title: string; feedTitle: string | null; publishedAt: Date; titleSpans: TextSpan[]; excerpt: string; excerptSpans: TextSpan[] }[];
    };

export function WatchPreview({ preview }: { preview: WatchPreviewView }) {
  return (
    <section id={WATCH_PREVIEW_ID} class="preview" aria-live="polite">
      {preview.kind === 'empty' ? <p class="subtle">Type a query to see which stored stories it matches.</p> : null}
      {preview.kind === 'error' ? <QueryError query={preview.query} message={preview.message} position={preview.position} /> : null}
      {preview.kind === 'result' ? (
        <>
          <p class="preview-count">
            <strong>{preview.total}</strong> {preview.total === 1 ? 'story' : 'stories'} in the last {preview.days} days
            <span class="subtle">
              {' '}
              (of {preview.scanned} stored{preview.complete ? '' : ', the most recent: the preview stopped there, the query is costly'})
            </span>
          </p>
          {preview.skipped > 0 ? (
            <p class="status-error">
              {preview.skipped} {preview.skipped === 1 ? 'story was' : 'stories were'} skipped: the query takes too much work on{' '}
              {preview.skipped === 1 ? 'it' : 'them'}.
            </p>
          ) : null}
          <DayBars days={preview.perDay} label={`Matches per day over the last ${preview.days} days`} />
          <ol class="preview-items">
            {preview.items.map((item) => (
              <li>
                <a href={`/stories/${item.id}`}>
                  <Highlighted text={item.title} spans={item.titleSpans} />
                </a>
                <div class="story-meta">
                  <span class="source">{item.feedTitle ?? 'Unknown source'}</span> <RelativeTime date={item.publishedAt} />
                </div>
                {item.excerpt ? (
                  <p class="excerpt">
                    <Highlighted text={item.excerpt} spans={item.excerptSpans} />
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
