import type { AlertComposer } from '@newswatch/db';
import { composeFeedFailingAlert } from './feed-failing-alert';
import { composeStoryAlert } from './story-alert';

/**
 * The composer ingest writes its alerts with (instant alerts with the stories it stores,
 * feed-health alerts after failed polls), so that every alert is worded here whoever enqueues
 * it. `publicUrl` makes the links back to the dashboard.
 */
export function createAlertComposer(publicUrl: string | null): AlertComposer {
  return {
    storyMatched: (ruleId, story, feedTitle, cluster, hits, watchName) => ({
      type: 'story.matched',
      ruleId,
      story: composeStoryAlert(story, feedTitle, cluster, hits, watchName, publicUrl),
    }),
    feedFailing: composeFeedFailingAlert,
  };
}
