import type { Feed } from '@newswatch/db';

/**
 * A feed never polled with success: its next poll brings its backlog, days of items at once,
 * kept and placed with the cycle's other first polls (place-backlog.ts).
 */
export function isFirstPoll(feed: Pick<Feed, 'last_success_at'>): boolean {
  return feed.last_success_at === null;
}
