/** Longest feed URL we store; beyond this it is junk or an attack, not a subscription. */
const MAX_URL_LENGTH = 2048;

/**
 * A feed URL from an OPML file, normalized the way the API stores URLs, or why it cannot be
 * subscribed. The `feed:` pseudo-scheme of old browsers (`feed://host/x`, `feed:https://…`)
 * is unwrapped; anything else that is not http(s) is refused.
 */
export function checkFeedUrl(raw: string): { ok: true; url: string } | { ok: false; reason: string } {
  let candidate = raw.trim();
  if (!candidate) return { ok: false, reason: 'the outline has no xmlUrl' };
  if (candidate.length > MAX_URL_LENGTH) return { ok: false, reason: `longer than ${MAX_URL_LENGTH} characters` };
  if (/^feed:\/\//i.test(candidate)) candidate = `http://${candidate.slice(7)}`;
  else if (/^feed:https?:/i.test(candidate)) candidate = candidate.slice(5);
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `unsupported scheme "${url.protocol}" (only http and https)` };
  if (!url.hostname) return { ok: false, reason: 'the URL has no host' };
  return { ok: true, url: url.toString() };
}
