import { ATOM_CORE, atomAuthor, atomHtml, atomLink, atomPlainText } from './atom-values';
import { child, children, text } from './element-values';
import { normalizeLanguage } from './language-tag';
import { mediaDescription } from './media-values';
import { NS } from './namespaces';
import { parseDate } from './parse-date';
import { resolveUrl } from './resolve-url';
import type { ParsedFeed, ParsedItem } from './parsed-feed';
import type { XmlElement } from './xml-tree';

const DC = [NS.dc] as const;

/**
 * Atom 1.0 and 0.3. Atom's `summary` stays the summary and `content` the content (the
 * normalizer falls back from one to the other); 0.3's `issued`/`modified` map onto
 * published/updated.
 */
export function parseAtom(root: XmlElement, warnings: string[]): ParsedFeed {
  const language = normalizeLanguage(root.lang);
  return {
    format: 'atom',
    title: atomPlainText(child(root, 'title', ATOM_CORE)),
    link: atomLink(root, 'alternate', ATOM_CORE),
    language,
    ttlMinutes: null,
    hubUrl: atomLink(root, 'hub', ATOM_CORE),
    selfUrl: atomLink(root, 'self', ATOM_CORE),
    items: children(root, 'entry', ATOM_CORE).map((entry) => mapEntry(entry, language)),
    warnings,
  };
}

function mapEntry(entry: XmlElement, feedLanguage: string | null): ParsedItem {
  const published = child(entry, 'published', ATOM_CORE) ?? child(entry, 'issued', ATOM_CORE) ?? child(entry, 'created', ATOM_CORE);
  // A repeated <updated> is invalid; like feedparser, the last one wins.
  const updated = children(entry, 'updated', ATOM_CORE).at(-1) ?? child(entry, 'modified', ATOM_CORE);
  return {
    guid: text(child(entry, 'id', ATOM_CORE)),
    link: atomLink(entry, 'alternate', ATOM_CORE),
    title: atomPlainText(child(entry, 'title', ATOM_CORE)),
    summary: atomHtml(child(entry, 'summary', ATOM_CORE)) ?? mediaDescription(entry),
    content: atomHtml(child(entry, 'content', ATOM_CORE)),
    author: atomAuthor(child(entry, 'author', ATOM_CORE)) ?? text(child(entry, 'creator', DC)),
    published: parseDate(text(published)),
    updated: parseDate(text(updated) ?? text(child(entry, 'date', DC))),
    categories: [
      ...children(entry, 'category', ATOM_CORE).map((el) => el.attrs.term?.trim() || text(el)),
      ...children(entry, 'subject', DC).map((el) => text(el)),
    ].filter((value): value is string => !!value),
    enclosures: children(entry, 'link', ATOM_CORE)
      .filter((link) => link.attrs.rel?.trim().toLowerCase() === 'enclosure')
      .map((link) => ({
        url: resolveUrl(link.attrs.href, link.base),
        type: link.attrs.type?.trim() || null,
        length: link.attrs.length && Number.isFinite(Number(link.attrs.length)) ? Number(link.attrs.length) : null,
      }))
      .filter((enclosure): enclosure is ParsedItem['enclosures'][number] => enclosure.url !== null),
    language: normalizeLanguage(entry.attrs['xml:lang']) ?? feedLanguage,
  };
}
