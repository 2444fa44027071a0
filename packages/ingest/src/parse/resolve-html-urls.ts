import { resolveUrl } from './resolve-url';

const TAG = /<[a-zA-Z][^<>]*>/g;
const URL_ATTRIBUTE = /(\s(?:href|src|poster|cite|background|longdesc)\s*=\s*)("([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/**
 * Relative `href`/`src` (and similar) attributes in an HTML fragment made absolute
 * against `base` (the element's xml:base, else the feed URL). Absolute URLs, fragments
 * and other schemes are left alone; the markup is otherwise untouched.
 */
export function resolveHtmlUrls(html: string, base: string | null): string {
  if (!base || !/(href|src|poster|cite|background|longdesc)\s*=/i.test(html)) return html;
  return html.replace(TAG, (tag) =>
    tag.replace(URL_ATTRIBUTE, (whole, prefix: string, _quoted, dq?: string, sq?: string, bare?: string) => {
      const value = dq ?? sq ?? bare ?? '';
      if (value === '' || value.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(value)) return whole;
      const absolute = resolveUrl(value.replace(/&amp;/g, '&'), base);
      if (!absolute) return whole;
      return `${prefix}"${absolute.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
    }),
  );
}
