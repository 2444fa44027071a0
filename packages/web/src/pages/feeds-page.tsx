import { PageLayout } from '../layouts/page-layout';
import { FeedImportSummary, type FeedImportView } from '../partials/feed-import-summary';
import { FeedPreview, FEED_PREVIEW_ID, type FeedPreviewView } from '../partials/feed-preview';
import { FeedRow, type FeedRowView } from '../partials/feed-row';
import type { PageContext } from '../view-models';

/** Which feeds the table lists. */
export type FeedFilter = 'all' | 'failing' | 'disabled';

/** How many feeds there are in each list. */
export type FeedCounts = Record<FeedFilter, number>;

/** Where the shown rows sit in the list: page `page` of `pages`, rows `first`–`last` (1-based). */
export interface FeedPager {
  page: number;
  pages: number;
  first: number;
  last: number;
}

export interface FeedsPageProps {
  ctx: PageContext;
  /** The rows of this page, failing feeds first, then by name. */
  feeds: FeedRowView[];
  filter: FeedFilter;
  /** Text the list is narrowed to (title or URL); empty for every feed. */
  search: string;
  /** Every subscription, whatever the filter and search. */
  totals: FeedCounts;
  /** The feeds matching the search, per filter. */
  counts: FeedCounts;
  pager: FeedPager;
  /** What was typed in the add form (kept after a preview or an error). */
  form: { url: string; title: string };
  preview: FeedPreviewView;
  importResult: FeedImportView | null;
  /** A one-line confirmation, e.g. after subscribing or deleting. */
  notice: string | null;
  now: Date;
}

/** The address of a page of the feeds table. */
export function feedsPageUrl(filter: FeedFilter, search: string, page = 1): string {
  const params = new URLSearchParams();
  if (filter !== 'all') params.set('status', filter);
  if (search) params.set('q', search);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/feeds?${query}` : '/feeds';
}

/**
 * Subscriptions and their health: add a feed (with a preview of what it brings), import or
 * export OPML, and per feed its status — failing feeds in red with their last error — its
 * schedule, volume, and refresh / enable / delete. The table shows a page at a time, failing
 * feeds first, and can be narrowed by status and by a part of the title or URL.
 */
export function FeedsPage({ ctx, feeds, filter, search, totals, counts, pager, form, preview, importResult, notice, now }: FeedsPageProps) {
  return (
    <PageLayout title="Feeds" ctx={ctx}>
      <div class="feeds-page">
        <div class="page-head row">
          <div>
            <h1>Feeds</h1>
            <p class="subtle">
              {totals.all === 0 ? 'Nothing subscribed yet' : `${grouped(totals.all)} ${totals.all === 1 ? 'feed' : 'feeds'}`}
              {totals.failing > 0 ? (
                <>
                  {' · '}
                  <a class="status-error" href="/feeds?status=failing">
                    {grouped(totals.failing)} failing
                  </a>
                </>
              ) : totals.all > 0 ? (
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
        {totals.all === 0 ? (
          <p class="empty">No feeds yet. Add one above, or import the OPML file your feed reader exports.</p>
        ) : (
          <>
            <div class="feed-list-head">
              <nav class="status-tabs" aria-label="Show">
                <FilterTab href={feedsPageUrl('all', search)} active={filter === 'all'} label="All" count={counts.all} dot={null} />
                <FilterTab
                  href={feedsPageUrl('failing', search)}
                  active={filter === 'failing'}
                  label="Failing"
                  count={counts.failing}
                  dot={counts.failing > 0 ? 'dead' : null}
                />
                <FilterTab href={feedsPageUrl('disabled', search)} active={filter === 'disabled'} label="Disabled" count={counts.disabled} dot={null} />
              </nav>
              <form class="feed-search" method="get" action="/feeds">
                {filter !== 'all' ? <input type="hidden" name="status" value={filter} /> : null}
                <input type="search" name="q" value={search} placeholder="Title or URL" aria-label="Find feeds by title or URL" maxlength={200} />
                <button type="submit" class="small">
                  Find
                </button>
                {search ? (
                  <a class="subtle" href={feedsPageUrl(filter, '')}>
                    Clear
                  </a>
                ) : null}
              </form>
            </div>
            {feeds.length === 0 ? (
              <p class="empty">{emptyText(filter, search)}</p>
            ) : (
              <>
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
                    {feeds.map((feed) => (
                      <FeedRow feed={feed} csrfToken={ctx.csrfToken} now={now} />
                    ))}
                  </tbody>
                </table>
                <Pager pager={pager} listed={counts[filter]} url={(page) => feedsPageUrl(filter, search, page)} />
              </>
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
      {label} <span class="count">{grouped(count)}</span>
    </a>
  );
}

function emptyText(filter: FeedFilter, search: string): string {
  if (search) return `No ${filter === 'all' ? '' : `${filter} `}feeds match “${search}”.`;
  return filter === 'failing' ? 'No failing feeds. Everything polled fine.' : 'No disabled feeds.';
}

/** Page links of the table: previous, the first, last and nearby pages, next. */
function Pager({ pager, listed, url }: { pager: FeedPager; listed: number; url: (page: number) => string }) {
  const { page, pages } = pager;
  const near = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return (
    <nav class="pager" aria-label="Pages">
      <span class="subtle">
        {pager.first}–{pager.last} of {grouped(listed)}
      </span>
      {pages > 1 ? (
        <span class="pager-links">
          {page > 1 ? (
            <a href={url(page - 1)} rel="prev">
              ← Previous
            </a>
          ) : null}
          {near.map((n, i) => (
            <>
              {i > 0 && n - near[i - 1]! > 1 ? <span class="subtle">…</span> : null}
              {n === page ? (
                <span class="current" aria-current="page">
                  {n}
                </span>
              ) : (
                <a href={url(n)}>{n}</a>
              )}
            </>
          ))}
          {page < pages ? (
            <a href={url(page + 1)} rel="next">
              Next →
            </a>
          ) : null}
        </span>
      ) : null}
    </nav>
  );
}

const grouped = (n: number) => n.toLocaleString('en-US');
