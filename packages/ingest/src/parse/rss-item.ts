import { parseDate } from './parse-date';
import type { ParsedItem } from './parsed-feed';
import { child, children, html, plainText, text, url, urlAttribute, type NsList } from './element-values';
import { mediaDescription } from './media-values';
import { normalizeLanguage } from './language-tag';
import { NS } from './namespaces';
import { atomAuthor, atomLink } from './atom-values';
import type { XmlElement } from './xml-tree';

/** RSS's own vocabulary: no namespace (0.9x/2.0), UserLand's or the RSS 1.0 / 0.90 namespaces. */
export const RSS_CORE: NsList = [null, NS.rss10, NS.rss090, NS.userlandRss, NS.userlandRss2];
const DC: NsList = [NS.dc];
const DCTERMS: NsList = [NS.dcterms];
const ATOM: NsList = [NS.atom10, NS.atom03];

/**
 * One RSS 0.9x/1.0/2.0 item mapped onto {@link ParsedItem}, with the common modules
 * (Dublin Core, content:encoded, xhtml:body, Atom links/authors inside RSS). RSS 1.0
 * items carry their identity in `rdf:about`.
 */
export function mapRssItem(item: XmlElement, feedLanguage: string | null): ParsedItem {
  const guidEl = child(item, 'guid', RSS_CORE);
  const guid = text(guidEl) ?? item.attrs['rdf:about']?.trim() ?? null;
  const guidIsLink = guidEl !== null && guidEl.attrs.isPermaLink?.trim().toLowerCase() !== 'false';
  const link = url(child(item, 'link', RSS_CORE)) ?? atomLink(item, 'alternate') ?? (guidIsLink && guid && /^https?:\/\//i.test(guid) ? url(guidEl) : null);

  const issued = child(item, 'pubdate', RSS_CORE) ?? child(item, 'issued', DCTERMS) ?? child(item, 'created', DCTERMS);
  const dcDate = child(item, 'date', DC);
  const modified = child(item, 'modified', DCTERMS) ?? child(item, 'updated', ATOM);

  return {
    guid,
    link,
    title: plainText(child(item, 'title', RSS_CORE) ?? child(item, 'title', DC)),
    summary: html(child(item, 'description', RSS_CORE)) ?? html(child(item, 'description', DC)) ?? html(child(item, 'summary', ATOM)) ?? mediaDescription(item),
    content:
      html(child(item, 'encoded', [NS.content])) ??
      html(child(item, 'body', [NS.xhtml])) ??
      html(child(item, 'body', RSS_CORE)) ??
      html(child(item, 'fullitem', RSS_CORE)) ??
      html(child(item, 'content', ATOM)),
    author:
      text(child(item, 'author', RSS_CORE)) ??
      text(child(item, 'creator', DC)) ??
      text(child(item, 'author', DC)) ??
      atomAuthor(child(item, 'author', ATOM)) ??
      text(child(item, 'author', [NS.itunes])),
    published: parseDate(text(issued) ?? text(dcDate)),
    updated: parseDate(text(modified) ?? text(dcDate)),
    categories: [...children(item, 'category', RSS_CORE).map((el) => text(el)), ...children(item, 'subject', DC).map((el) => text(el))].filter(
      (value): value is string => value !== null,
    ),
    enclosures: children(item, 'enclosure', RSS_CORE)
      .map((el) => ({
        url: urlAttribute(el, 'url') ?? urlAttribute(el, 'rdf:resource'),
        type: el.attrs.type?.trim() || null,
        length: parseLength(el.attrs.length),
      }))
      .filter((enclosure): enclosure is ParsedItem['enclosures'][number] => enclosure.url !== null),
    language: normalizeLanguage(item.attrs['xml:lang'] ?? text(child(item, 'language', DC))) ?? feedLanguage,
  };
}

/** Channel-level language: `<language>`, `dc:language`, else the root's xml:lang. */
export function channelLanguage(channel: XmlElement | null, root: XmlElement): string | null {
  return normalizeLanguage(text(child(channel, 'language', RSS_CORE)) ?? text(child(channel, 'language', DC)) ?? channel?.lang ?? root.lang);
}

function parseLength(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? n : null;
}
