import { normalizeFeedUrl, type FeedUrlCheck } from '@newswatch/db';

/**
 * A feed URL from an OPML file in the form the API stores (so an import and a hand-added
 * subscription to one feed are one row), or why it cannot be subscribed. The `feed:`
 * pseudo-scheme of old browsers (`feed://host/x`, `feed:https://…`) is unwrapped first.
 */
export function checkFeedUrl(raw: string): FeedUrlCheck {
  let candidate = raw.trim();
  if (!candidate) return { ok: false, reason: 'the outline has no xmlUrl' };
  if (/^feed:\/\//i.test(candidate)) candidate = `http://${candidate.slice(7)}`;
  else if (/^feed:https?:/i.test(candidate)) candidate = candidate.slice(5);
  return normalizeFeedUrl(candidate);
}
