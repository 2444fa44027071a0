import { KeyboardHelp } from '../components/keyboard-help';
import { PageLayout } from '../layouts/page-layout';
import { SaveView } from '../partials/save-view';
import { StoryList, STORY_LIST_ID } from '../partials/story-list';
import type { PageContext, StoryView } from '../view-models';

export interface DashboardFilters {
  watch: number | null;
  feed: number | null;
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
  feeds: { id: number; name: string }[];
  filters: DashboardFilters;
  /** The filters as the canonical query string, which "Save view" stores. */
  viewQuery: string;
  counts: { feeds: number; watches: number; failingFeeds: number };
}

/** The story stream: matched stories newest first, filters, search, saved views, keyboard triage. */
export function DashboardPage(props: DashboardProps) {
  const { ctx, filters, counts } = props;
  return (
    <PageLayout title="Stories" ctx={ctx}>
      <div class="page-head row">
        <div>
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
        <div class="head-tools">
          <button type="button" class="link-button" data-keys-help-open="">
            Keyboard <kbd>?</kbd>
          </button>
          {ctx.savedViews ? <SaveView ctx={ctx} query={props.viewQuery} views={ctx.savedViews} /> : null}
        </div>
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
        <input type="search" name="q" value={filters.q} placeholder="Search stored stories…  ( / )" aria-label="Search" data-search-input="" />
        <select name="watch" aria-label="Watch">
          <option value="">All watches</option>
          {props.watches.map((w) => (
            <option value={String(w.id)} selected={filters.watch === w.id}>
              {w.name}
            </option>
          ))}
        </select>
        <select name="feed" aria-label="Feed">
          <option value="">All feeds</option>
          {props.feeds.map((f) => (
            <option value={String(f.id)} selected={filters.feed === f.id}>
              {f.name}
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
        csrfToken={ctx.csrfToken}
        emptyText={counts.feeds === 0 ? 'No feeds yet: add one under Feeds.' : 'No matching stories yet. New ones appear here as feeds are polled.'}
      />
      <KeyboardHelp />
    </PageLayout>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
