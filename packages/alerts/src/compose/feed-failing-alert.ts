import type { Feed, FeedFailingPayload, Rule } from '@newswatch/db';

function formatHours(ms: number): string {
  const hours = ms / 3_600_000;
  return hours < 48 ? `${Math.floor(hours)} h` : `${Math.floor(hours / 24)} days`;
}

/**
 * A feed-health rule's alert about a feed failing since `failingSince`, or null while the
 * failure is younger than the rule's threshold (default 24 h): one sentence for people and
 * the facts for machines.
 */
export function composeFeedFailingAlert(
  rule: Pick<Rule, 'id' | 'failing_hours'>,
  feed: Pick<Feed, 'id' | 'title' | 'url'>,
  failingSince: Date,
  lastError: string | null,
  now: Date,
): FeedFailingPayload | null {
  const failingMs = now.getTime() - failingSince.getTime();
  if (failingMs < (rule.failing_hours ?? 24) * 3_600_000) return null;
  const name = feed.title ?? feed.url;
  return {
    type: 'feed.failing',
    ruleId: rule.id,
    feedId: feed.id,
    feedTitle: feed.title,
    feedUrl: feed.url,
    failingSince: failingSince.toISOString(),
    lastError,
    message: `Feed "${name}" has been failing for ${formatHours(failingMs)}${lastError ? `: ${lastError}` : ''}`,
  };
}
