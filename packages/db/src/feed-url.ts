/** Longest feed URL we store; beyond this it is junk or an attack, not a subscription. */
export const MAX_FEED_URL_LENGTH = 2048;

/** A feed URL in the one form `feeds.url` stores, or why it cannot be subscribed. */
export type FeedUrlCheck = { ok: true; url: string } | { ok: false; reason: string; tooLong?: true };

const tooLong: FeedUrlCheck = { ok: false, reason: `longer than ${MAX_FEED_URL_LENGTH} characters`, tooLong: true };

/**
 * The stored form of a feed URL, which is also its identity: `feeds.url` is unique on it, so
 * `…/feed`, `…/feed#top` and `…/feed?` are one subscription, not three. The WHATWG parser
 * already lower-cases scheme and host, drops a default port and gives an empty path its `/`;
 * on top of that the fragment (never sent to the server) and an empty `?` are dropped. Paths,
 * query parameters and their order are kept: servers may treat them differently.
 */
export function normalizeFeedUrl(raw: string): FeedUrlCheck {
  const candidate = raw.trim();
  if (!candidate) return { ok: false, reason: 'the URL is empty' };
  if (candidate.length > MAX_FEED_URL_LENGTH) return tooLong;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `unsupported scheme "${url.protocol}" (only http and https)` };
  if (!url.hostname) return { ok: false, reason: 'the URL has no host' };
  url.hash = '';
  // Assigning '' to `search` removes a lone `?`, which reading it back as '' cannot tell apart.
  if (url.search === '') url.search = '';
  const normalized = url.toString();
  if (normalized.length > MAX_FEED_URL_LENGTH) return tooLong;
  return { ok: true, url: normalized };
}
