import { PageLayout } from '../layouts/page-layout';
import type { PageContext } from '../view-models';

export interface FeedDeleteProps {
  ctx: PageContext;
  feed: { id: number; title: string | null; url: string; storiesCount: number };
}

/** The confirm step before unsubscribing: a page of its own, so no script is needed. */
export function FeedDeletePage({ ctx, feed }: FeedDeleteProps) {
  const name = feed.title ?? feed.url;
  return (
    <PageLayout title={`Delete ${name}`} ctx={ctx}>
      <p class="crumbs">
        <a href="/feeds">← Feeds</a>
      </p>
      <div class="card stack confirm">
        <h1>Delete “{name}”?</h1>
        <p>
          newswatch stops polling <code>{feed.url}</code> and deletes its{' '}
          <strong>
            {feed.storiesCount} stored {feed.storiesCount === 1 ? 'story' : 'stories'}
          </strong>{' '}
          with their matches and triage states. Alerts already sent are not affected.
        </p>
        <p class="subtle">To stop polling but keep the stories, disable the feed instead.</p>
        <form method="post" action={`/feeds/${feed.id}/delete`} class="actions">
          <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
          <button type="submit" class="danger-solid">
            Delete feed
          </button>
          <a href="/feeds">Cancel</a>
        </form>
      </div>
    </PageLayout>
  );
}
