import { escapeHtml, htmlToText } from './html-to-text';
import { parseDate } from './parse-date';
import type { ParsedFeed, ParsedItem } from './parsed-feed';
import { resolveHtmlUrls } from './resolve-html-urls';
import { resolveUrl } from './resolve-url';

type Json = Record<string, unknown>;

/**
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). 1.0's single `author` and
 * 1.1's `authors` are both read; `content_text` becomes escaped HTML when there is no
 * `content_html`. Unknown or mistyped fields are ignored rather than fatal.
 */
export function parseJsonFeed(doc: Json, baseUrl: string, warnings: string[]): ParsedFeed {
  const base = resolveUrl(str(doc.feed_url), baseUrl) ?? baseUrl;
  const language = str(doc.language);
  const hubs = Array.isArray(doc.hubs) ? doc.hubs : [];
  const items = Array.isArray(doc.items) ? doc.items : [];
  if (!Array.isArray(doc.items)) warnings.push('JSON Feed has no "items" array');
  return {
    format: 'json',
    title: plain(str(doc.title)),
    link: resolveUrl(str(doc.home_page_url), base),
    language,
    ttlMinutes: null,
    hubUrl: resolveUrl(str(obj(hubs[0])?.url), base),
    selfUrl: resolveUrl(str(doc.feed_url), baseUrl),
    items: items
      .map(obj)
      .filter((item): item is Json => item !== null)
      .map((item) => mapItem(item, base, language, doc)),
    warnings,
  };
}

function mapItem(item: Json, base: string, feedLanguage: string | null, doc: Json): ParsedItem {
  const id = item.id;
  const link = resolveUrl(str(item.url) ?? str(item.external_url), base);
  const contentText = str(item.content_text);
  const contentHtml = str(item.content_html);
  return {
    guid: typeof id === 'number' ? String(id) : str(id),
    link,
    title: plain(str(item.title)),
    summary: str(item.summary) ? escapeHtml(str(item.summary) as string) : null,
    content: contentHtml ? resolveHtmlUrls(contentHtml, link ?? base) : contentText ? escapeHtml(contentText) : null,
    author: authorName(item) ?? authorName(doc),
    published: parseDate(str(item.date_published)),
    updated: parseDate(str(item.date_modified)),
    categories: Array.isArray(item.tags) ? item.tags.filter((tag): tag is string => typeof tag === 'string') : [],
    enclosures: (Array.isArray(item.attachments) ? item.attachments : [])
      .map(obj)
      .filter((attachment): attachment is Json => attachment !== null)
      .map((attachment) => ({
        url: resolveUrl(str(attachment.url), base),
        type: str(attachment.mime_type),
        length: typeof attachment.size_in_bytes === 'number' ? attachment.size_in_bytes : null,
      }))
      .filter((enclosure): enclosure is ParsedItem['enclosures'][number] => enclosure.url !== null),
    language: str(item.language) ?? feedLanguage,
  };
}

function authorName(holder: Json): string | null {
  const authors = Array.isArray(holder.authors) ? holder.authors : holder.author ? [holder.author] : [];
  const names = authors.map((author) => str(obj(author)?.name)).filter((name): name is string => name !== null);
  return names.length > 0 ? names.join(', ') : null;
}

/* JSON Feed titles are plain text, but publishers put entities in them anyway. */
function plain(value: string | null): string | null {
  if (value === null) return null;
  const text = /[<&]/.test(value) ? htmlToText(value) : value.trim();
  return text === '' ? null : text;
}

function str(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function obj(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}
