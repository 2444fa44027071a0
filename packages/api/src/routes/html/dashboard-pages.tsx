import { countFeedsByStatus, listFeedNames, listStoryPage, listWatches, type StoryFilter, type TriageState } from '@newswatch/db';
import { DashboardPage, StoryList, StoryListItems, ViewQueryField, type DashboardFilters } from '@newswatch/web';
import { Hono, type Context } from 'hono';
import type { AppDeps, AppEnv } from '../../env';
import { decodeCursor, encodeCursor } from '../api/cursor';
import { dashboardQueryString, dashboardUrl, readDashboardFilters } from './dashboard-query';
import { pageContext } from './page-context';
import { loadClusterCards } from './cluster-cards';

const PAGE_SIZE = 30;

const readFilters = (c: Context<AppEnv>): DashboardFilters => readDashboardFilters(c.req.query());

function nextPageUrl(filters: DashboardFilters, cursor: string): string {
  const params = new URLSearchParams(dashboardQueryString(filters));
  params.set('cursor', cursor);
  return `/partials/stories?${params}`;
}

const streamUrl = (filters: DashboardFilters) => `/events/stories?${dashboardQueryString(filters)}`;

const csrfOf = (c: Context<AppEnv>) => {
  const principal = c.get('principal');
  return principal.kind === 'session' ? principal.csrfToken : null;
};

/** Dashboard: the events (one card per cluster) with their filters, and the list partial that pages through them. */
export function dashboardPages(deps: AppDeps) {
  const { db } = deps;

  async function loadPage(filters: DashboardFilters, cursor: string | undefined) {
    const before = cursor ? decodeCursor(cursor) : undefined;
    const filter: StoryFilter = {
      limit: PAGE_SIZE + 1,
      // One card per event, placed by its newest story that passes the filters.
      perCluster: true,
      ...(filters.all ? {} : { matched: true }),
      ...(filters.watch ? { watchId: filters.watch } : {}),
      ...(filters.feed ? { feedId: filters.feed } : {}),
      ...(filters.state ? { state: filters.state as TriageState } : {}),
      ...(filters.q ? { q: filters.q } : {}),
      ...(before ? { before } : {}),
    };
    const { stories: rows, readUpTo } = await listStoryPage(db, filter);
    const page = rows.slice(0, PAGE_SIZE);
    const stories = await loadClusterCards(db, page);
    const last = page.at(-1);
    const next = rows.length > PAGE_SIZE && last ? { publishedAt: last.published_at, id: last.id } : readUpTo;
    const nextUrl = next ? nextPageUrl(filters, encodeCursor(next.publishedAt, next.id)) : null;
    return { stories, nextUrl };
  }

  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const filters = readFilters(c);
      const [{ stories, nextUrl }, watches, feeds, feedNames] = await Promise.all([
        loadPage(filters, c.req.query('cursor')),
        listWatches(db),
        countFeedsByStatus(db),
        listFeedNames(db),
      ]);
      return c.html(
        <DashboardPage
          ctx={pageContext(c)}
          stories={stories}
          nextUrl={nextUrl}
          streamUrl={streamUrl(filters)}
          watches={watches.map((w) => ({ id: w.id, name: w.name }))}
          feeds={feedNames}
          filters={filters}
          viewQuery={dashboardQueryString(filters)}
          counts={{ feeds: feeds.all, watches: watches.length, failingFeeds: feeds.failing }}
        />,
      );
    })
    .get('/partials/stories', async (c) => {
      const filters = readFilters(c);
      const { stories, nextUrl } = await loadPage(filters, c.req.query('cursor'));
      const csrfToken = csrfOf(c);
      if (c.req.query('cursor')) return c.html(<StoryListItems stories={stories} nextUrl={nextUrl} csrfToken={csrfToken} />);
      // The address bar gets the dashboard's URL of these filters, not this fragment's: it is
      // what a reload, a bookmark or a colleague opening the link must show.
      c.header('HX-Push-Url', dashboardUrl(filters));
      return c.html(
        <>
          <StoryList stories={stories} nextUrl={nextUrl} streamUrl={streamUrl(filters)} csrfToken={csrfToken} emptyText="No stories match these filters." />
          <ViewQueryField query={dashboardQueryString(filters)} oob />
        </>,
      );
    });
}
