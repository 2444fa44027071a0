import {
  countFeedsByStatus,
  findFeedById,
  findStoryById,
  getStoryState,
  listClusterStories,
  listMatchesForStories,
  listStoryPage,
  listWatches,
  setStoryState,
  type StoryFilter,
  type TriageState,
} from '@newswatch/db';
import { DashboardPage, StoryList, StoryListItems, StoryPage, type DashboardFilters } from '@newswatch/web';
import { Hono, type Context } from 'hono';
import { notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { parseId } from '../../validation';
import { decodeCursor, encodeCursor } from '../api/cursor';
import { pageContext } from './page-context';
import { excerptAround, toStoryView } from './story-view';

const PAGE_SIZE = 30;
const STATES = new Set(['new', 'reviewed', 'starred', 'dismissed']);

function readFilters(c: Context<AppEnv>): DashboardFilters {
  const watch = c.req.query('watch');
  const state = c.req.query('state');
  return {
    watch: watch && /^\d{1,9}$/.test(watch) ? Number(watch) : null,
    state: state && STATES.has(state) ? state : null,
    q: (c.req.query('q') ?? '').trim().slice(0, 200),
    all: c.req.query('all') === '1',
  };
}

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

/** Dashboard (story stream), its list partial, and the story page. */
export function storyPages(deps: AppDeps) {
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
    })
    .get('/stories/:id', async (c) => {
      const id = parseId(c.req.param('id'), 'Story');
      const story = await findStoryById(db, id);
      if (!story) throw notFound('Story');
      const [feed, state, matches, outlets] = await Promise.all([
        findFeedById(db, story.feed_id),
        getStoryState(db, id),
        listMatchesForStories(db, [id]),
        story.cluster_id ? listClusterStories(db, story.cluster_id) : Promise.resolve([]),
      ]);
      const textOf = (field: string) => (field === 'summary' ? story.summary_text : field === 'content' ? story.content_text : '');
      return c.html(
        <StoryPage
          ctx={pageContext(c)}
          story={{
            id: story.id,
            title: story.title,
            url: story.url,
            author: story.author,
            feedTitle: feed?.title ?? null,
            publishedAt: new Date(story.published_at),
            state,
            titleSpans: matches.flatMap((m) => m.spans.filter((s) => s.field === 'title')),
            contentHtml: story.content_html,
            summary: story.summary_text,
          }}
          matches={matches.map((m) => ({
            watchId: m.watch_id,
            watchName: m.watch_name,
            passages: ['summary', 'content']
              .map((field) => {
                const spans = m.spans.filter((s) => s.field === field);
                if (spans.length === 0) return null;
                // Feeds without a separate body repeat the summary as content: show it once.
                if (field === 'content' && story.content_text === story.summary_text && m.spans.some((s) => s.field === 'summary')) return null;
                const ex = excerptAround(textOf(field), spans, 360);
                return { field, text: ex.text, spans: ex.spans };
              })
              .filter((p) => p !== null),
          }))}
          outlets={outlets.map((o) => ({ id: o.id, title: o.title, url: o.url, feedTitle: o.feed_title, publishedAt: new Date(o.published_at) }))}
        />,
      );
    })
    .post('/stories/:id/state', async (c) => {
      const id = parseId(c.req.param('id'), 'Story');
      const form = await c.req.parseBody();
      const state = String(form.state ?? '');
      if (STATES.has(state) && (await findStoryById(db, id))) await setStoryState(db, id, state as TriageState);
      return c.redirect(`/stories/${id}`, 303);
    });
}
