import {
  describeClusters,
  findFeedById,
  findStoryById,
  findStoryListRow,
  findStoryListRows,
  getStoryState,
  listClusterStories,
  listMatchesForStories,
  setClusterState,
  setStoryState,
} from '@newswatch/db';
import { fieldText, matchDocumentOf } from '@newswatch/match';
import { StoryCard, StoryPage } from '@newswatch/web';
import { Hono } from 'hono';
import { notFound } from '../../errors';
import type { AppDeps, AppEnv } from '../../env';
import { storyPatchSchema } from '../../schemas/story';
import { check, parseId } from '../../validation';
import { pageContext } from './page-context';
import { safeNext } from '../../auth/safe-next';
import { loadClusterCards } from './cluster-cards';
import { excerptAround, toStoryView } from './story-view';

/**
 * Where a triage form without script returns: the dashboard it was posted from (with its
 * filters), else nothing (the story page).
 */
function backToList(referer: string | undefined, requestUrl: string): string | null {
  if (!referer) return null;
  try {
    const from = new URL(referer);
    return from.origin === new URL(requestUrl).origin && from.pathname === '/' ? safeNext(`${from.pathname}${from.search}`) : null;
  } catch {
    return null;
  }
}

/** The story page: highlighted matches, every outlet of its cluster, and its triage state. */
export function storyPages(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
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
      const doc = matchDocumentOf(story);
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
            passages: (['summary', 'content'] as const)
              .map((field) => {
                const spans = m.spans.filter((s) => s.field === field);
                if (spans.length === 0) return null;
                // Feeds without a separate body repeat the summary as content: show it once.
                if (field === 'content' && story.content_text === story.summary_text && m.spans.some((s) => s.field === 'summary')) return null;
                const ex = excerptAround(fieldText(doc, field), spans, 360);
                return { field, text: ex.text, spans: ex.spans };
              })
              .filter((p) => p !== null),
          }))}
          outlets={outlets.map((o) => ({
            id: o.id,
            title: o.title,
            url: o.url,
            feedId: o.feed_id,
            feedTitle: o.feed_title,
            publishedAt: new Date(o.published_at),
          }))}
        />,
      );
    })
    .post('/stories/:id/state', async (c) => {
      const id = parseId(c.req.param('id'), 'Story');
      if (!(await findStoryById(db, id))) throw notFound('Story');
      const triage = check(storyPatchSchema, await c.req.parseBody());
      await setStoryState(db, id, triage.state);
      if (c.req.header('hx-request')) {
        // A list's triage buttons: the story's card again, in its new state.
        const row = await findStoryListRow(db, id);
        if (!row) throw notFound('Story');
        const principal = c.get('principal');
        const card = (
          <StoryCard story={toStoryView(row, await listMatchesForStories(db, [id]))} csrfToken={principal.kind === 'session' ? principal.csrfToken : null} />
        );
        return c.html(card);
      }
      return c.redirect(backToList(c.req.header('referer'), c.req.url) ?? `/stories/${id}`, 303);
    })
    .post('/clusters/:id/state', async (c) => {
      // A cluster card's triage buttons: the state of every copy of the event.
      const id = parseId(c.req.param('id'), 'Cluster');
      const [summary] = (await describeClusters(db, [id])).values();
      if (!summary) throw notFound('Cluster');
      const triage = check(storyPatchSchema, await c.req.parseBody());
      await setClusterState(db, id, triage.state);
      if (c.req.header('hx-request')) {
        const [lead] = await findStoryListRows(db, [summary.first_story_id]);
        if (!lead) throw notFound('Cluster');
        const [card] = await loadClusterCards(db, [lead]);
        const principal = c.get('principal');
        return c.html(<StoryCard story={card!} csrfToken={principal.kind === 'session' ? principal.csrfToken : null} />);
      }
      return c.redirect(backToList(c.req.header('referer'), c.req.url) ?? `/stories/${summary.first_story_id}`, 303);
    });
}
