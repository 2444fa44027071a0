import { countFeedsByStatus, listMatchesForStories, listStoryPage, listWatches, type StoryFilter, type TriageState } from '@newswatch/db';
import { DashboardPage, StoryList, StoryListItems, type DashboardFilters } from '@newswatch/web';
import { Hono, type Context } from 'hono';
import type { AppDeps, AppEnv } from '../../env';
import { dashboardQuerySchema } from '../../schemas/story-query';
import { decodeCursor, encodeCursor } from '../api/cursor';
import { pageContext } from './page-context';
import { toStoryView } from './story-view';

const PAGE_SIZE = 30;

const readFilters = (c: Context<AppEnv>): DashboardFilters => dashboardQuerySchema.parse(c.req.query());

function filterParams(filters: DashboardFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.watch) params.set('watch', String(filters.watch));
  if (filters.state) params.set('state', filters.state);
  if (filters.q) params.set('q', filters.q);
  if (filters.all) params.set('all', '1');
  return params;
}

function nextPageUrl(filters: DashboardFilters, cursor: string): string {
  const params = filterParams(filters);
  params.set('cursor', cursor);
  return `/partials/stories?${params}`;
}

const streamUrl = (filters: DashboardFilters) => `/events/stories?${filterParams(filters)}`;

/** Dashboard: the story stream with its filters, and the list partial that pages through it. */
export function dashboardPages(deps: AppDeps) {
  const { db } = deps;

  async function loadPage(filters: DashboardFilters, cursor: string | undefined) {
    const before = cursor ? decodeCursor(cursor) : undefined;
    const filter: StoryFilter = {
      limit: PAGE_SIZE + 1,
      ...(filters.all ? {} : { matched: true }),
      ...(filters.watch ? { watchId: filters.watch } : {}),
      ...(filters.state ? { state: filters.state as TriageState } : {}),
      ...(filters.q ? { q: filters.q } : {}),
      ...(before ? { before } : {}),
    };
    const { stories: rows, readUpTo } = await listStoryPage(db, filter);
    const page = rows.slice(0, PAGE_SIZE);
    const matches = await listMatchesForStories(
      db,
      page.map((r) => r.id),
    );
    const stories = page.map((r) =>
      toStoryView(
        r,
        matches.filter((m) => m.story_id === r.id),
      ),
    );
    const last = page.at(-1);
    const next = rows.length > PAGE_SIZE && last ? { publishedAt: last.published_at, id: last.id } : readUpTo;
    const nextUrl = next ? nextPageUrl(filters, encodeCursor(next.publishedAt, next.id)) : null;
    return { stories, nextUrl };
  }

  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const filters = readFilters(c);
      const [{ stories, nextUrl }, watches, feeds] = await Promise.all([loadPage(filters, c.req.query('cursor')), listWatches(db), countFeedsByStatus(db)]);
      return c.html(
        <DashboardPage
          ctx={pageContext(c)}
          stories={stories}
          nextUrl={nextUrl}
          streamUrl={streamUrl(filters)}
          watches={watches.map((w) => ({ id: w.id, name: w.name }))}
          filters={filters}
          counts={{ feeds: feeds.all, watches: watches.length, failingFeeds: feeds.failing }}
        />,
      );
    })
    .get('/partials/stories', async (c) => {
      const filters = readFilters(c);
      const { stories, nextUrl } = await loadPage(filters, c.req.query('cursor'));
      if (c.req.query('cursor')) return c.html(<StoryListItems stories={stories} nextUrl={nextUrl} />);
      return c.html(<StoryList stories={stories} nextUrl={nextUrl} streamUrl={streamUrl(filters)} emptyText="No stories match these filters." />);
    });
}
