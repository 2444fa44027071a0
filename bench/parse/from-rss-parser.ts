import type { ParsedFeed, ParsedItem } from '@newswatch/ingest';
import type Parser from 'rss-parser';

/** rss-parser's output: its typed fields plus the extra keys it copies from the XML. */
export type RssParserOutput = Parser.Output<Record<string, unknown>> & Record<string, unknown>;

/**
 * Paths the corpus checks that rss-parser's output has no place for, by the builder it
 * picks: Atom entries keep no categories or enclosures and an Atom feed no language; RDF
 * items keep no categories (dc:subject) and no enclosures; RSS items keep one enclosure.
 */
export const MISSING_FIELDS: Record<'atom' | 'rss' | 'rdf', RegExp> = {
  atom: /^feed\.language$|\.categories|\.enclosures/,
  rdf: /\.categories|\.enclosures/,
  rss: /\.enclosures\[[1-9]/,
};

/**
 * rss-parser's output mapped onto the fields our parser fills, the way a caller of
 * rss-parser would do it: RSS `description` is its `content` and `content:encoded` its
 * `content:encoded`, Atom keeps `summary` and `content`; its one item date (`isoDate`:
 * pubDate, else dc:date; Atom published, else updated) answers `published`, and
 * `updated` too unless an RSS item has its own dc:date. Values that are not strings
 * (elements xml2js kept as objects) are missing. `format` is the document's root
 * vocabulary, which decides where rss-parser put each field.
 */
export function fromRssParser(output: RssParserOutput, format: 'atom' | 'rss' | 'rdf'): ParsedFeed {
  return {
    format,
    title: text(output.title),
    link: text(output.link),
    language: format === 'atom' ? null : text(output.language),
    ttlMinutes: null,
    hubUrl: null,
    selfUrl: text(output.feedUrl),
    items: output.items.map((item) => fromItem(item as Record<string, unknown>, format)),
    warnings: [],
  };
}

function fromItem(item: Record<string, unknown>, format: 'atom' | 'rss' | 'rdf'): ParsedItem {
  const isoDate = date(item.isoDate);
  const enclosure = item.enclosure as { url?: unknown; type?: unknown; length?: unknown } | undefined;
  return {
    guid: text(format === 'atom' ? item.id : format === 'rdf' ? (item['rdf:about'] ?? item.guid) : item.guid),
    link: text(item.link),
    title: text(item.title),
    summary: text(format === 'atom' ? item.summary : item.content),
    content: text(format === 'atom' ? item.content : item['content:encoded']),
    author: text(item.author) ?? text(item.creator),
    published: isoDate,
    updated: format === 'atom' ? isoDate : (date(item.date) ?? isoDate),
    categories: Array.isArray(item.categories) ? item.categories.map((c) => text(c) ?? '') : [],
    enclosures:
      enclosure && typeof enclosure.url === 'string'
        ? [{ url: enclosure.url, type: text(enclosure.type), length: enclosure.length === undefined ? null : Number(enclosure.length) }]
        : [],
    language: text(item.language),
  };
}

/* xml2js leaves an element with attributes as { _: text, $: attrs }. */
function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { _?: unknown })._ === 'string') return (value as { _: string })._;
  return null;
}

/* rss-parser's own date reading: `new Date(value.trim())`. */
function date(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const parsed = new Date(value.trim());
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}
