import { RelativeTime } from '../components/relative-time';
import { httpHref } from './feed-row';

/** Swap target of the "add feed" preview. */
export const FEED_PREVIEW_ID = 'feed-preview';

/** What the add-feed form learned about a URL before subscribing. */
export type FeedPreviewView =
  | { kind: 'none' }
  | { kind: 'invalid'; message: string }
  | { kind: 'subscribed'; feedId: number; title: string | null; url: string }
  | { kind: 'unavailable'; url: string; title: string }
  | { kind: 'error'; url: string; title: string; error: string }
  | {
      kind: 'ok';
      /** The URL to subscribe to (as entered, normalized). */
      url: string;
      /** Title to store: the one typed, else the feed's own. */
      title: string;
      feedTitle: string | null;
      siteUrl: string | null;
      itemCount: number;
      items: { title: string; url: string | null; publishedAt: Date }[];
    };

/**
 * The preview under the add-feed form: what subscribing would bring (title, item count, the
 * newest items) and the Subscribe button; or why the URL cannot be read, with a way to
 * subscribe anyway (a feed that is down today may be back tomorrow).
 */
export function FeedPreview({ preview, csrfToken, now = new Date() }: { preview: FeedPreviewView; csrfToken: string | null; now?: Date }) {
  return (
    <section id={FEED_PREVIEW_ID} class="feed-preview" aria-live="polite">
      {preview.kind === 'invalid' ? (
        <p class="error" role="alert">
          {preview.message}
        </p>
      ) : null}
      {preview.kind === 'subscribed' ? (
        <p class="notice">
          You already subscribe to this feed: <a href={`/feeds#feed-${preview.feedId}`}>{preview.title ?? preview.url}</a>.
        </p>
      ) : null}
      {preview.kind === 'unavailable' ? (
        <>
          <p class="subtle">Preview is not available in this process; you can still subscribe.</p>
          <SubscribeForm url={preview.url} title={preview.title} csrfToken={csrfToken} label="Subscribe" primary />
        </>
      ) : null}
      {preview.kind === 'error' ? (
        <>
          <div class="error" role="alert">
            <strong>Could not read this feed.</strong> {preview.error}
          </div>
          <p class="subtle">Subscribe anyway and newswatch will keep retrying with backoff; the error shows in the table below.</p>
          <SubscribeForm url={preview.url} title={preview.title} csrfToken={csrfToken} label="Subscribe anyway" primary={false} />
        </>
      ) : null}
      {preview.kind === 'ok' ? (
        <>
          <div class="preview-head">
            <h3>{preview.title || preview.url}</h3>
            <p class="subtle">
              {preview.itemCount} {preview.itemCount === 1 ? 'item' : 'items'} in the feed
              {httpHref(preview.siteUrl) ? (
                <>
                  {' · '}
                  <a href={httpHref(preview.siteUrl)!} rel="noopener noreferrer">
                    {preview.siteUrl}
                  </a>
                </>
              ) : null}
            </p>
          </div>
          {preview.items.length > 0 ? (
            <ol class="feed-preview-items">
              {preview.items.map((item) => (
                <li>
                  {httpHref(item.url) ? (
                    <a href={httpHref(item.url)!} rel="noopener noreferrer">
                      {item.title}
                    </a>
                  ) : (
                    item.title
                  )}{' '}
                  <span class="subtle">
                    <RelativeTime date={item.publishedAt} now={now} />
                  </span>
                </li>
              ))}
            </ol>
          ) : (
            <p class="subtle">The feed is readable but has no items right now.</p>
          )}
          <SubscribeForm url={preview.url} title={preview.title} csrfToken={csrfToken} label="Subscribe" primary />
        </>
      ) : null}
    </section>
  );
}

function SubscribeForm({ url, title, csrfToken, label, primary }: { url: string; title: string; csrfToken: string | null; label: string; primary: boolean }) {
  return (
    <form method="post" action="/feeds" class="actions subscribe">
      <input type="hidden" name="_csrf" value={csrfToken ?? ''} />
      <input type="hidden" name="url" value={url} />
      <input type="hidden" name="title" value={title} />
      <button type="submit" class={primary ? 'primary' : undefined}>
        {label}
      </button>
      <a href="/feeds">Cancel</a>
    </form>
  );
}
