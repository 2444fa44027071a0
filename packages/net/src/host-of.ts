/**
 * The host a URL, or an object with a `hostname` (a `URL`, undici's connect options), points
 * at: a lower-case DNS name, or an IP literal without the brackets of IPv6 (`::1`, not
 * `[::1]`), ready for `isIP` and the address guard. An unparsable URL string gives ''.
 */
export function hostOf(target: string | { hostname: string }): string {
  let hostname: string;
  if (typeof target === 'string') {
    if (!URL.canParse(target)) return '';
    hostname = new URL(target).hostname;
  } else {
    hostname = target.hostname;
  }
  return hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}
