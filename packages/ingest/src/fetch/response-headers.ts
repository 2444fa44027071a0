type HeaderValue = string | string[] | undefined;

/** First value of a header as undici returns it (string, repeated array or absent). */
export function headerValue(value: HeaderValue): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

/**
 * Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date, never
 * negative; null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** `max-age` from `Cache-Control`, in seconds; null when the header does not give one. */
export function parseMaxAge(value: string | null): number | null {
  if (value === null) return null;
  const directives = value
    .toLowerCase()
    .split(',')
    .map((part) => part.trim());
  for (const directive of directives) {
    const match = /^max-age\s*=\s*"?(\d+)"?$/.exec(directive);
    if (match?.[1]) return Number(match[1]);
  }
  return null;
}
