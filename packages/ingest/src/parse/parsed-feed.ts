/**
 * What every format parser (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed) produces: the raw
 * document mapped to one shape, before normalization. Field names follow the conformance
 * corpus (`../shared/corpus/feedparser/README.md`).
 */
export interface ParsedFeed {
  format: 'rss' | 'rdf' | 'atom' | 'json';
  title: string | null;
  /** The site's home page (first alternate link), absolute. */
  link: string | null;
  language: string | null;
  /** RSS `<ttl>` in minutes, when present. */
  ttlMinutes: number | null;
  /** WebSub hub and self URLs advertised by the feed (`<link rel="hub">`, `rel="self"`). */
  hubUrl: string | null;
  selfUrl: string | null;
  items: ParsedItem[];
  /** Problems the parser recovered from (feedparser's "bozo"): the feed is still usable. */
  warnings: string[];
}

/** One entry/item, format-neutral; URLs absolute when the document had a base. */
export interface ParsedItem {
  guid: string | null;
  /** Absolute URL of the item's page. */
  link: string | null;
  /** Plain text. */
  title: string | null;
  /** HTML (description / summary); text-typed constructs arrive escaped, so this is always HTML. */
  summary: string | null;
  /** HTML (content:encoded, Atom content, JSON content_html). */
  content: string | null;
  author: string | null;
  published: Date | null;
  updated: Date | null;
  categories: string[];
  enclosures: { url: string; type: string | null; length: number | null }[];
  language: string | null;
}
