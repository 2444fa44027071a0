/**
 * The `charset` parameter of a Content-Type header, unquoted and trimmed
 * (`text/xml; charset = "us-ascii"` → `us-ascii`); null when absent or malformed.
 */
export function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^;\s]*))/i.exec(contentType);
  const value = (match?.[1] ?? match?.[2] ?? match?.[3] ?? '').trim();
  return value === '' ? null : value;
}
