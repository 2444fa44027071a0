/* Any origin serves to resolve against: only paths that stay on it are kept. */
const BASE = 'http://newswatch.invalid';

/**
 * Where to go after signing in: a path on this site, or `/`. `//host`, `/\host` (browsers read
 * `\` as `/`), a scheme, or tabs and newlines that browsers drop to make one of those, all leave
 * the origin once resolved, so they are refused. The path is returned as the URL parser wrote
 * it, which is what a browser would follow.
 */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return '/';
  }
  return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : '/';
}
