import { PageLayout } from '../layouts/page-layout';
import { StoryList, STORY_LIST_ID } from '../partials/story-list';
import type { PageContext, StoryView } from '../view-models';

export interface DashboardFilters {
  watch: number | null;
  state: string | null;
  q: string;
  all: boolean;
}

export interface DashboardProps {
  ctx: PageContext;
  stories: StoryView[];
  nextUrl: string | null;
  /** Server-sent events with new stories for these filters. */
  streamUrl: string;
  watches: { id: number; name: string }[];
  filters: DashboardFilters;
  counts: { feeds: number; watches: number; failingFeeds: number };
}

/** The story stream: matched stories newest first, filters, search. */
export function DashboardPage(props: DashboardProps) {
  const { ctx, filters, counts } = props;
  return (
    <PageLayout title="Stories" ctx={ctx}>
      <div class="page-head">
        <h1>Stories</h1>
        <p class="subtle">
          {plural(counts.watches, 'watch', 'watches')} over {plural(counts.feeds, 'feed', 'feeds')}
          {counts.failingFeeds > 0 ? (
            <>
              {' · '}
              <a href="/feeds" class="warn">
                {counts.failingFeeds} failing
              </a>
            </>
          ) : null}
        </p>
      </div>
      <form
        class="filters"
        method="get"
        action="/"
        hx-get="/partials/stories"
        hx-target={`#${STORY_LIST_ID}`}
        hx-swap="outerHTML"
        hx-trigger="change, keyup changed delay:400ms from:input[name=q]"
        hx-push-url="true"
      >
        <input type="search" name="q" value={filters.q} placeholder="Search stored stories…" aria-label="Search" />
        <select name="watch" aria-label="Watch">
          <option value="">All watches</option>
          {props.watches.map((w) => (
            <option value={String(w.id)} selected={filters.watch === w.id}>
              {w.name}
            </option>
          ))}
        </select>
        <select name="state" aria-label="Triage state">
          <option value="">Any state</option>
          {['new', 'reviewed', 'starred', 'dismissed'].map((s) => (
            <option value={s} selected={filters.state === s}>
              {s}
            </option>
          ))}
        </select>
        <label class="check">
          <input type="checkbox" name="all" value="1" checked={filters.all} /> Include unmatched
        </label>
        <noscript>
          <button type="submit">Filter</button>
        </noscript>
      </form>
      <StoryList
        stories={props.stories}
        nextUrl={props.nextUrl}
        streamUrl={props.streamUrl}
        emptyText={counts.feeds === 0 ? 'No feeds yet: add one under Feeds.' : 'No matching stories yet. New ones appear here as feeds are polled.'}
      />
    </PageLayout>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
