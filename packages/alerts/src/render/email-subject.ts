import type { AlertPayload } from '@newswatch/db';
import { formatWindow, oneLine, pluralize, truncate, watchNames } from './alert-facts';

/** Long subjects get cut by mail clients anyway; this keeps the story title readable. */
const MAX_SUBJECT_LENGTH = 200;

/**
 * The subject line: `[newswatch] <watch names>: <story title>`, `[newswatch] Digest: N stories,
 * <window>` or `[newswatch] Test: <message>`, on one line (feed titles may carry newlines).
 */
export function renderEmailSubject(payload: AlertPayload): string {
  if (payload.type === 'digest') {
    return `[newswatch] Digest: ${pluralize(payload.stories.length, 'story', 'stories')}, ${formatWindow(payload.windowStart, payload.windowEnd)}`;
  }
  if (payload.type === 'feed.failing') {
    return truncate(oneLine(`[newswatch] Feed failing: ${payload.feedTitle ?? payload.feedUrl}`), MAX_SUBJECT_LENGTH);
  }
  if (payload.type === 'watch.spike') {
    return truncate(
      oneLine(`[newswatch] Spike: ${payload.watchName}, ${payload.count} ${payload.window === 'hour' ? 'in the last hour' : 'in 24 hours'}`),
      MAX_SUBJECT_LENGTH,
    );
  }
  if (payload.type === 'test') {
    return truncate(oneLine(`[newswatch] Test: ${payload.message}`), MAX_SUBJECT_LENGTH);
  }
  const watches = watchNames(payload.story).join(', ') || 'Watch';
  return truncate(oneLine(`[newswatch] ${watches}: ${payload.story.title}`), MAX_SUBJECT_LENGTH);
}
