/**
 * `href` resolved against `base`; null for an empty or unparseable reference. A relative
 * reference with no usable base is returned as written rather than dropped.
 */
export function resolveUrl(href: string | null | undefined, base: string | null | undefined): string | null {
  const trimmed = href?.trim();
  if (!trimmed) return null;
  try {
    return new URL(trimmed, base || undefined).href;
  } catch {
    return /^[a-z][a-z0-9+.-]*:/i.test(trimmed) || !base ? trimmed : null;
  }
}
