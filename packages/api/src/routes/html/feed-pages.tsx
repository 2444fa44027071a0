import {
  countFeedsByStatus,
  countStoriesOfFeed,
  countStoriesOfFeeds,
  createFeed,
  deleteFeed,
  findFeedById,
  findFeedByUrl,
  findFeedTablePosition,
  listFeedTablePage,
  markFeedDueNow,
  updateFeed,
  type Feed,
} from '@newswatch/db';
import { FeedDeletePage, FeedPreview, FeedRow, FeedsPage, type FeedFilter, type FeedImportView, type FeedPreviewView, type FeedRowView } from '@newswatch/web';
import { Hono, type Context } from 'hono';
import { notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { feedCreateSchema } from '../../schemas/feed';
import { parseId } from '../../validation';
import { checkForm } from './form-fields';
import { pageContext } from './page-context';

interface AddForm {
  url: string;
  title: string;
}

const FILTERS: FeedFilter[] = ['all', 'failing', 'disabled'];
/** Rows a page of the feeds table shows: ~60 KB of HTML, where 2,000 feeds made 2.7 MB. */
const PAGE_SIZE = 50;

/** The table's status filter, search and page as the query string asks (page 0: not asked). */
function readTableQuery(c: Context<AppEnv>): { status: FeedFilter; search: string; page: number } {
  const status = c.req.query('status') as FeedFilter | undefined;
  const page = c.req.query('page');
  return {
    status: status && FILTERS.includes(status) ? status : 'all',
    search: (c.req.query('q') ?? '').trim().slice(0, 200),
    page: page && /^\d{1,6}$/.test(page) ? Math.max(1, Number(page)) : 0,
  };
}

function toRowView(feed: Feed, storiesCount: number, now: Date): FeedRowView {
  return {
    id: feed.id,
    title: feed.title,
    url: feed.url,
    siteUrl: feed.site_url,
    enabled: feed.enabled,
    lastStatus: feed.last_status,
    lastError: feed.last_error,
    failingSince: feed.failing_since,
    lastFetchedAt: feed.last_fetched_at,
    lastSuccessAt: feed.last_success_at,
    consecutiveFailures: feed.consecutive_failures,
    nextPollAt: new Date(feed.next_poll_at),
    polling: feed.lease_until !== null && new Date(feed.lease_until).getTime() > now.getTime(),
    storiesCount,
  };
}

async function readAddForm(c: Context<AppEnv>): Promise<AddForm> {
  const form = await c.req.parseBody();
  return { url: String(form.url ?? '').trim(), title: String(form.title ?? '').trim() };
}

/** The add form checked with the schema of `POST /api/v1/feeds`: the feed to subscribe to, or why not in the form's words. */
function checkAddForm(form: AddForm) {
  return checkForm(
    feedCreateSchema,
    { url: form.url, title: form.title || undefined },
    {
      url: (issue) => {
        if (!form.url) return 'Enter the address of a feed.';
        if (issue.code === 'custom' && issue.params?.status === 422) return `That address is ${issue.message}: it is not a feed URL.`;
        return `“${form.url}” is not an http:// or https:// URL.`;
      },
      title: 'The title is too long (300 characters at most).',
    },
  );
}

const isHtmx = (c: Context<AppEnv>) => c.req.header('hx-request') === 'true';

/** Feeds page: health table, add with preview, OPML import, refresh / enable / delete. */
export function feedPages(deps: AppDeps) {
  const { db } = deps;

  /**
   * The feeds page with one page of the table. Without an asked page it opens on the page
   * holding `focus` (a feed just added, refreshed or switched), else on the first.
   */
  async function page(
    c: Context<AppEnv>,
    options: {
      form?: AddForm;
      preview?: FeedPreviewView;
      importResult?: FeedImportView | null;
      notice?: string | null;
      focus?: number;
    } = {},
    status: 200 | 409 | 422 = 200,
  ) {
    const now = new Date();
    const table = readTableQuery(c);
    const filter = { status: table.status, search: table.search };
    const [totals, counts, position] = await Promise.all([
      countFeedsByStatus(db),
      table.search ? countFeedsByStatus(db, table.search) : undefined,
      !table.page && options.focus !== undefined ? findFeedTablePosition(db, filter, options.focus) : null,
    ]);
    const listed = (counts ?? totals)[table.status];
    const pages = Math.max(1, Math.ceil(listed / PAGE_SIZE));
    const number = Math.min(pages, table.page || (position !== null ? Math.floor(position / PAGE_SIZE) + 1 : 1));
    const feeds = await listFeedTablePage(db, filter, PAGE_SIZE, (number - 1) * PAGE_SIZE);
    const storyCounts = await countStoriesOfFeeds(
      db,
      feeds.map((f) => f.id),
    );
    const first = listed === 0 ? 0 : (number - 1) * PAGE_SIZE + 1;
    return c.html(
      <FeedsPage
        ctx={pageContext(c)}
        feeds={feeds.map((f) => toRowView(f, storyCounts.get(f.id) ?? 0, now))}
        filter={table.status}
        search={table.search}
        totals={totals}
        counts={counts ?? totals}
        pager={{ page: number, pages, first, last: first === 0 ? 0 : first + feeds.length - 1 }}
        form={options.form ?? { url: '', title: '' }}
        preview={options.preview ?? { kind: 'none' }}
        importResult={options.importResult ?? null}
        notice={options.notice ?? null}
        now={now}
      />,
      status,
    );
  }

  async function preview(form: AddForm): Promise<FeedPreviewView> {
    const checked = checkAddForm(form);
    if (!checked.ok) return { kind: 'invalid', message: checked.problem };
    const { url } = checked.data;
    const existing = await findFeedByUrl(db, url);
    if (existing) return { kind: 'subscribed', feedId: existing.id, title: existing.title, url };
    if (!deps.previewFeed) return { kind: 'unavailable', url, title: form.title };
    const result = await deps.previewFeed(url);
    if (!result.ok) return { kind: 'error', url, title: form.title, error: result.error };
    // Subscribing stores the feed's own title when none was typed: the table names it at once.
    return {
      kind: 'ok',
      url,
      title: form.title || (result.title ?? '').slice(0, 300),
      feedTitle: result.title,
      siteUrl: result.siteUrl,
      itemCount: result.itemCount,
      items: result.items,
    };
  }

  async function row(c: Context<AppEnv>, id: number, flash: string | null, followUp = 0) {
    const feed = await findFeedById(db, id);
    if (!feed) throw notFound('Feed');
    const now = new Date();
    return c.html(
      <FeedRow
        feed={toRowView(feed, await countStoriesOfFeed(db, id), now)}
        csrfToken={pageContext(c).csrfToken}
        now={now}
        flash={flash}
        followUp={followUp}
      />,
    );
  }

  return new Hono<AppEnv>()
    .get('/feeds', async (c) => {
      const added = c.req.query('added');
      const addedFeed = added && /^\d{1,9}$/.test(added) ? await findFeedById(db, Number(added)) : undefined;
      const notice = addedFeed
        ? `Subscribed to ${addedFeed.title ?? addedFeed.url}. It is polled within seconds.`
        : c.req.query('deleted') === '1'
          ? 'Feed deleted.'
          : null;
      const at = c.req.query('at');
      const focus = addedFeed?.id ?? (at && /^\d{1,9}$/.test(at) ? Number(at) : undefined);
      return page(c, { notice, ...(focus !== undefined ? { focus } : {}) });
    })
    .post('/feeds/preview', async (c) => {
      const form = await readAddForm(c);
      const view = await preview(form);
      if (isHtmx(c)) return c.html(<FeedPreview preview={view} csrfToken={pageContext(c).csrfToken} />);
      return page(c, { form, preview: view });
    })
    .post('/feeds', async (c) => {
      const form = await readAddForm(c);
      const checked = checkAddForm(form);
      if (!checked.ok) return page(c, { form, preview: { kind: 'invalid', message: checked.problem } }, 422);
      const { url, title } = checked.data;
      const feed = await createFeed(db, { url, title: title ?? null });
      if (!feed) {
        const existing = await findFeedByUrl(db, url);
        return page(c, { form, preview: { kind: 'subscribed', feedId: existing?.id ?? 0, title: existing?.title ?? null, url } }, 409);
      }
      deps.onFeedDue?.(feed.id);
      return c.redirect(`/feeds?added=${feed.id}#feed-${feed.id}`, 303);
    })
    .post('/feeds/import', async (c) => {
      const form = await c.req.parseBody();
      const file = form.opml;
      if (!(file instanceof File) || file.size === 0) {
        return page(c, { importResult: { kind: 'error', fileName: null, message: 'Choose an OPML file to import.' } }, 422);
      }
      const fileName = file.name || null;
      if (!deps.opml) return page(c, { importResult: { kind: 'error', fileName, message: 'OPML import is not available in this process.' } }, 422);
      const outcome = await deps.opml.importDocument(new Uint8Array(await file.arrayBuffer()), file.type || null);
      if (!outcome.ok) return page(c, { importResult: { kind: 'error', fileName, message: outcome.error } }, 422);
      const { addedIds, ...summary } = outcome.result;
      if (addedIds.length > 0) deps.onFeedDue?.(addedIds[0]!);
      return page(c, { importResult: { kind: 'done', fileName, ...summary } });
    })
    .get('/feeds/:id/row', async (c) => {
      const followUp = Number(c.req.query('n') ?? 0);
      return row(c, parseId(c.req.param('id'), 'Feed'), null, Number.isInteger(followUp) && followUp >= 0 ? followUp : 0);
    })
    .post('/feeds/:id/refresh', async (c) => {
      const id = parseId(c.req.param('id'), 'Feed');
      if (!(await markFeedDueNow(db, id))) throw notFound('Feed');
      deps.onFeedDue?.(id);
      if (isHtmx(c)) return row(c, id, 'Refresh queued.');
      return c.redirect(`/feeds?at=${id}#feed-${id}`, 303);
    })
    .post('/feeds/:id/enabled', async (c) => {
      const id = parseId(c.req.param('id'), 'Feed');
      const enabled = (await c.req.parseBody()).enabled === '1';
      const feed = await updateFeed(db, id, { enabled });
      if (!feed) throw notFound('Feed');
      if (enabled) deps.onFeedDue?.(id);
      if (isHtmx(c)) return row(c, id, enabled ? 'Enabled.' : 'Disabled: not polled until enabled.');
      return c.redirect(`/feeds?at=${id}#feed-${id}`, 303);
    })
    .get('/feeds/:id/delete', async (c) => {
      const id = parseId(c.req.param('id'), 'Feed');
      const feed = await findFeedById(db, id);
      if (!feed) throw notFound('Feed');
      return c.html(<FeedDeletePage ctx={pageContext(c)} feed={{ id, title: feed.title, url: feed.url, storiesCount: await countStoriesOfFeed(db, id) }} />);
    })
    .post('/feeds/:id/delete', async (c) => {
      if (!(await deleteFeed(db, parseId(c.req.param('id'), 'Feed')))) throw notFound('Feed');
      return c.redirect('/feeds?deleted=1', 303);
    });
}
