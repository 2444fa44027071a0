/**
 * A language tag as BCP 47 writes it: trimmed, `_` → `-` (`en_US` → `en-US`, a common
 * POSIX-locale habit); null when blank.
 */
export function normalizeLanguage(tag: string | null | undefined): string | null {
  const value = tag?.trim().replace(/_/g, '-');
  return value ? value : null;
}
