import { FeedParseError } from './feed-parse-error';
import { NS } from './namespaces';
import { parseAtom } from './parse-atom';
import { parseJsonFeed } from './parse-json-feed';
import type { ParsedFeed, ParsedItem } from './parsed-feed';
import { parseRdf } from './parse-rdf';
import { parseRss } from './parse-rss';
import { RSS_CORE } from './rss-item';
import { parseXmlTree, type XmlElement } from './xml-tree';

/** What the HTTP response adds to the document. */
export interface ParseFeedOptions {
  /** `Content-Language` header: the feed's language when the document does not say. */
  contentLanguage?: string | null;
}

/**
 * Parses a decoded feed document: JSON Feed when it is a JSON object, otherwise XML read
 * leniently and dispatched on its root element to the RSS, RDF or Atom parser. Relative
 * URLs resolve against xml:base, else `baseUrl` (the URL the document was fetched from;
 * "" when there is none, and relative URLs then stay relative).
 * Throws {@link FeedParseError} when the document is not a feed or is an entity-expansion
 * attack; recoverable problems are listed in `warnings`.
 */
export async function parseFeed(text: string, baseUrl: string, options: ParseFeedOptions = {}): Promise<ParsedFeed> {
  const feed = parseDocument(text, baseUrl);
  const items = feed.items.filter((item) => !isEmptyItem(item));
  if (items.length < feed.items.length) feed.warnings.push(`${feed.items.length - items.length} empty item(s) skipped`);
  feed.items = items;
  const fallback = options.contentLanguage?.split(',')[0]?.trim();
  if (!feed.language && fallback) {
    feed.language = fallback;
    for (const item of feed.items) item.language ??= fallback;
  }
  return feed;
}

function parseDocument(text: string, baseUrl: string): ParsedFeed {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed === '') throw new FeedParseError('not-a-feed', 'empty document');
  if (trimmed.startsWith('{')) return parseJson(trimmed, baseUrl);

  const { root, warnings } = parseXmlTree(trimmed, baseUrl);
  if (!root) throw new FeedParseError('not-a-feed', 'no XML element found (not a feed)');
  switch (root.local) {
    case 'rss':
    case 'channel':
      if (root.local === 'rss' && !root.attrs.version) warnings.push('<rss> has no version attribute');
      if (root.ns !== null && !RSS_CORE.includes(root.ns)) moveNamespace(root, root.ns, null);
      return parseRss(root, warnings);
    case 'rdf':
      return parseRdf(root, warnings);
    case 'feed':
      if (root.ns !== null && root.ns !== NS.atom10 && root.ns !== NS.atom03) {
        // A <feed> in some other namespace is still Atom to every reader; read it as such.
        warnings.push(`<feed> is in namespace ${root.ns}, not Atom's`);
        moveNamespace(root, root.ns, root.attrs.version === '0.3' ? NS.atom03 : NS.atom10);
      }
      return parseAtom(root, warnings);
    case 'html':
      throw new FeedParseError('not-a-feed', 'document is an HTML page, not a feed');
    default:
      throw new FeedParseError('not-a-feed', `unknown root element <${root.name}> (not RSS, RDF, Atom or JSON Feed)`);
  }
}

/* An item without a single field (`<item/>` nested by broken generators). */
function isEmptyItem(item: ParsedItem): boolean {
  return (
    !item.title &&
    !item.link &&
    !item.guid &&
    !item.summary &&
    !item.content &&
    !item.author &&
    !item.published &&
    !item.updated &&
    item.categories.length === 0 &&
    item.enclosures.length === 0
  );
}

/** Re-homes every element of namespace `from` (the root's vocabulary) into `to`. */
function moveNamespace(el: XmlElement, from: string, to: string | null): void {
  if (el.ns === from) el.ns = to;
  for (const node of el.children) if (node.type === 'element') moveNamespace(node, from, to);
}

function parseJson(text: string, baseUrl: string): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new FeedParseError('invalid-json', `invalid JSON: ${(err as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new FeedParseError('not-a-feed', 'JSON document is not an object (not a JSON Feed)');
  }
  const warnings: string[] = [];
  const version = (doc as { version?: unknown }).version;
  if (typeof version !== 'string' || !version.startsWith('https://jsonfeed.org/version/')) {
    if (!Array.isArray((doc as { items?: unknown }).items)) {
      throw new FeedParseError('not-a-feed', 'JSON document is not a JSON Feed (no version, no items)');
    }
    warnings.push('JSON Feed without a jsonfeed.org version');
  }
  return parseJsonFeed(doc as Record<string, unknown>, baseUrl, warnings);
}
