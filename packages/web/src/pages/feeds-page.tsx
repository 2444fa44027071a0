import { PageLayout } from '../layouts/page-layout';
import { FeedImportSummary, type FeedImportView } from '../partials/feed-import-summary';
import { FeedPreview, FEED_PREVIEW_ID, type FeedPreviewView } from '../partials/feed-preview';
import { FeedRow, feedHealth, type FeedRowView } from '../partials/feed-row';
import type { PageContext } from '../view-models';

/** Which feeds the table lists. */
export type FeedFilter = 'all' | 'failing' | 'disabled';

export interface FeedsPageProps {
  ctx: PageContext;
  feeds: FeedRowView[];
  filter: FeedFilter;
  /** What was typed in the add form (kept after a preview or an error). */
  form: { url: string; title: string };
  preview: FeedPreviewView;
  importResult: FeedImportView | null;
  /** A one-line confirmation, e.g. after subscribing or deleting. */
  notice: string | null;
  now: Date;
}

/**
 * Subscriptions and their health: add a feed (with a preview of what it brings), import or
 * export OPML, and per feed its status — failing feeds in red with their last error — its
 * schedule, volume, and refresh / enable / delete.
 */
export function FeedsPage({ ctx, feeds, filter, form, preview, importResult, notice, now }: FeedsPageProps) {
  const failing = feeds.filter((f) => feedHealth(f) === 'failing');
  const disabled = feeds.filter((f) => !f.enabled);
  const shown = filter === 'failing' ? failing : filter === 'disabled' ? disabled : feeds;
  return (
    <PageLayout title="Feeds" ctx={ctx}>
      <div class="feeds-page">
        <div class="page-head row">
          <div>
            <h1>Feeds</h1>
            <p class="subtle">
              {feeds.length === 0 ? 'Nothing subscribed yet' : `${feeds.length} ${feeds.length === 1 ? 'feed' : 'feeds'}`}
              {failing.length > 0 ? (
                <>
                  {' · '}
                  <a class="status-error" href="/feeds?status=failing">
                    {failing.length} failing
                  </a>
                </>
              ) : feeds.length > 0 ? (
                ' · all healthy'
              ) : null}
            </p>
          </div>
          <a class="button" href="/api/v1/feeds/export" download>
            Export OPML
          </a>
        </div>
        {notice ? (
          <p class="notice" role="status">
            {notice}
          </p>
        ) : null}
        {importResult ? <FeedImportSummary result={importResult} /> : null}
        <div class="feed-forms">
          <div class="card">
            <h2>Add a feed</h2>
            <form
              class="stack"
              method="post"
              action="/feeds/preview"
              hx-post="/feeds/preview"
              hx-target={`#${FEED_PREVIEW_ID}`}
              hx-swap="outerHTML"
              hx-disabled-elt="find button"
            >
              <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
              <label>
                Feed URL
                <input type="url" name="url" value={form.url} required placeholder="https://example.com/feed.xml" autocomplete="off" />
              </label>
              <label>
                <span>
                  Title <span class="subtle optional">optional — the feed's own title otherwise</span>
                </span>
                <input type="text" name="title" value={form.title} maxlength={300} />
              </label>
              <div class="actions">
                <button type="submit" class="primary">
                  Preview
                </button>
                <span class="subtle">Shows what the feed would bring before you subscribe.</span>
              </div>
            </form>
            <FeedPreview preview={preview} csrfToken={ctx.csrfToken} now={now} />
          </div>
          <div class="card">
            <h2>Import OPML</h2>
            <form class="stack" method="post" action="/feeds/import" enctype="multipart/form-data">
              <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
              <label>
                Subscription list from another reader
                <input type="file" name="opml" accept=".opml,.xml,text/xml,application/xml,text/x-opml" required />
              </label>
              <div class="actions">
                <button type="submit">Import</button>
              </div>
            </form>
            <p class="subtle help">
              Feedly, Inoreader, Miniflux, NetNewsWire and most readers export OPML. Feeds you already follow are skipped; folders are flattened.{' '}
              <a href="/api/v1/feeds/export">Export</a> gives the same format back.
            </p>
          </div>
        </div>
        {feeds.length === 0 ? (
          <p class="empty">No feeds yet. Add one above, or import the OPML file your feed reader exports.</p>
        ) : (
          <>
            <nav class="status-tabs" aria-label="Show">
              <FilterTab href="/feeds" active={filter === 'all'} label="All" count={feeds.length} dot={null} />
              <FilterTab
                href="/feeds?status=failing"
                active={filter === 'failing'}
                label="Failing"
                count={failing.length}
                dot={failing.length > 0 ? 'dead' : null}
              />
              <FilterTab href="/feeds?status=disabled" active={filter === 'disabled'} label="Disabled" count={disabled.length} dot={null} />
            </nav>
            {shown.length === 0 ? (
              <p class="empty">{filter === 'failing' ? 'No failing feeds. Everything polled fine.' : 'No disabled feeds.'}</p>
            ) : (
              <table class="feeds">
                <thead>
                  <tr>
                    <th>Feed</th>
                    <th>Status</th>
                    <th>Last success</th>
                    <th class="num" title="Consecutive failures">
                      Fails
                    </th>
                    <th>Next poll</th>
                    <th class="num">Stories</th>
                    <th>
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((feed) => (
                    <FeedRow feed={feed} csrfToken={ctx.csrfToken} now={now} />
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </div>
    </PageLayout>
  );
}

function FilterTab({ href, active, label, count, dot }: { href: string; active: boolean; label: string; count: number; dot: string | null }) {
  return (
    <a href={href} class={active ? 'active' : undefined} aria-current={active ? 'page' : undefined}>
      {dot ? <span class={`dot ${dot}`} aria-hidden="true"></span> : null}
      {label} <span class="count">{count}</span>
    </a>
  );
}
