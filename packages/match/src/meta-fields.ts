import type { DocHits } from './doc-hits';
import { FIELD_LANG, FIELD_URL } from './fields';
import type { TermDictionary } from './term-dictionary';

/** The lower-case host of a URL, or null when it has none. */
export function hostOf(url: string): string | null {
  if (url === '') return null;
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
    return host === '' ? null : host;
  } catch {
    return null;
  }
}

/** A language tag in the form lang leaves are keyed by: trimmed, lower case, `_` → `-`. */
export function normalizeLangTag(tag: string): string {
  return tag.trim().toLowerCase().replaceAll('_', '-');
}

/** Records the site and lang leaves a story matches: its url's host and its language tag. */
export function analyzeMetaFields(texts: readonly string[], dict: TermDictionary, hits: DocHits): void {
  if (dict.hasSites) {
    const host = hostOf(texts[FIELD_URL]!);
    if (host !== null) dict.lookupHost(host, (id) => hits.addMeta(id));
  }
  if (dict.hasLangs) {
    const tag = normalizeLangTag(texts[FIELD_LANG]!);
    if (tag !== '') dict.lookupLang(tag, (id) => hits.addMeta(id));
  }
}
