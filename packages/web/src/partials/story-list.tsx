import { Highlighted } from '../components/highlighted';
import { RelativeTime } from '../components/relative-time';
import type { StoryView } from '../view-models';
import { ClusterCoverage, clusterCardId } from './cluster-coverage';
import { StoryActions } from './story-actions';

/** Swap target of the story list (filters replace it, "load more" appends to it). */
export const STORY_LIST_ID = 'story-list';

/**
 * One card of the list: a story, or the event it leads (`story.cluster`: then it is the
 * cluster's first story, and the card shows how far the event has spread). `data-story-item`
 * and `data-story-id` mark it for the keyboard script; `csrfToken` goes into its triage form
 * for a browser without script.
 */
export function StoryCard({ story, csrfToken = null }: { story: StoryView; csrfToken?: string | null }) {
  const { cluster } = story;
  return (
    <article
      class={`story state-${story.state}`}
      id={cluster ? clusterCardId(cluster.id) : `story-${story.id}`}
      data-story-item=""
      data-story-id={String(story.id)}
      {...(cluster ? { 'data-cluster-id': String(cluster.id) } : {})}
      tabindex={-1}
    >
      <div class="story-meta">
        <span class="source">{story.feedTitle ?? 'Unknown source'}</span>
        <span aria-hidden="true">·</span>
        <RelativeTime date={story.publishedAt} />
        {cluster ? <ClusterCoverage cluster={cluster} /> : story.sourcesCount > 1 ? <span class="badge sources">{story.sourcesCount} outlets</span> : null}
        {story.state !== 'new' ? <span class={`badge state`}>{story.state}</span> : null}
      </div>
      <h2 class="story-title">
        <a href={`/stories/${story.id}`} data-story-action="open">
          <Highlighted text={story.title} spans={story.titleSpans} />
        </a>
      </h2>
      {story.excerpt ? (
        <p class="excerpt">
          <Highlighted text={story.excerpt} spans={story.excerptSpans} />
        </p>
      ) : null}
      <div class="story-watches">
        {story.watches.map((w) => (
          <a class="chip" href={`/?watch=${w.id}`}>
            {w.name}
          </a>
        ))}
        <StoryActions story={story} csrfToken={csrfToken} action={cluster ? `/clusters/${cluster.id}/state` : undefined} />
        {story.url ? (
          <a class="external" href={story.url} rel="noopener noreferrer nofollow" target="_blank">
            Open original ↗
          </a>
        ) : null}
      </div>
    </article>
  );
}

/** One page of stories plus the "load more" trigger for the next. */
export function StoryListItems({ stories, nextUrl, csrfToken = null }: { stories: StoryView[]; nextUrl: string | null; csrfToken?: string | null }) {
  return (
    <>
      {stories.map((s) => (
        <StoryCard story={s} csrfToken={csrfToken} />
      ))}
      {nextUrl ? (
        <div class="load-more" hx-get={nextUrl} hx-trigger="revealed" hx-swap="outerHTML">
          <a href={nextUrl.replace('/partials/stories', '/')}>Older stories</a>
        </div>
      ) : null}
    </>
  );
}

/**
 * The list, and (with `streamUrl`) a live connection that puts each new story on top as it is
 * stored. The connection lives inside the list, so replacing the list for new filters also
 * reconnects with those filters.
 */
export function StoryList({
  stories,
  nextUrl,
  emptyText,
  streamUrl,
  csrfToken = null,
}: {
  stories: StoryView[];
  nextUrl: string | null;
  emptyText: string;
  streamUrl?: string;
  csrfToken?: string | null;
}) {
  return (
    <section id={STORY_LIST_ID} class="story-list" aria-live="polite">
      {streamUrl ? (
        <div class="live-stream" hx-ext="sse" sse-connect={streamUrl} sse-swap="story" hx-target={`#${STORY_LIST_ID}`} hx-swap="afterbegin" />
      ) : null}
      {/* A search may end a page early with more to read: then the next page loads, not the empty text. */}
      {stories.length === 0 && !nextUrl ? <p class="empty">{emptyText}</p> : <StoryListItems stories={stories} nextUrl={nextUrl} csrfToken={csrfToken} />}
    </section>
  );
}
