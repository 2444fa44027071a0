import { decodeFeedBody } from '../decode/decode-body';
import { FeedParseError } from '../parse/feed-parse-error';
import { parseXmlTree, textContent, type XmlElement } from '../parse/xml-tree';
import type { OpmlDocument, OpmlOutline } from './opml-document';
import { OpmlError } from './opml-error';

/* Outline types that promise a feed even when the exporter forgot xmlUrl. */
const FEED_TYPES = new Set(['rss', 'atom', 'feed', 'rdf']);

/**
 * Reads an OPML 1.0/2.0 subscription list: bytes are decoded like a feed (BOM, HTTP charset,
 * XML declaration), then parsed with the same forgiving, entity-bomb-proof XML reader as
 * feeds. Real-world exports (Feedly, Inoreader, Miniflux, NetNewsWire, old Google Reader) vary
 * in attribute case (`xmlUrl`/`xmlurl`), omit `type` or `<body>`, nest folders, and use `text`
 * where `title` belongs; all of that is accepted. Throws {@link OpmlError} for a document
 * that is not OPML at all, an entity-expansion attack or absurd nesting.
 */
export function parseOpml(input: string | Uint8Array, contentType: string | null = null): OpmlDocument {
  const text = typeof input === 'string' ? input : decodeFeedBody(Buffer.from(input.buffer, input.byteOffset, input.byteLength), contentType).text;
  // U+0000 is not XML and PostgreSQL refuses it in text: a title carrying one would fail the import.
  const start = text
    .replace(/^\uFEFF/, '')
    .replaceAll('\u0000', '')
    .trimStart();
  if (!start.startsWith('<')) throw new OpmlError('not-opml', 'not an OPML document (it is not XML)');

  let root: XmlElement | null;
  try {
    root = parseXmlTree(start, '').root;
  } catch (error) {
    if (error instanceof FeedParseError && (error.code === 'entity-expansion' || error.code === 'too-deep')) {
      throw new OpmlError(error.code, error.message.replace(/^parse: /, ''));
    }
    throw error;
  }
  if (!root) throw new OpmlError('not-opml', 'not an OPML document (no elements)');
  if (root.local !== 'opml') throw new OpmlError('not-opml', `not an OPML document (the root element is <${root.name}>, expected <opml>)`);

  const head = child(root, 'head');
  const titleElement = head ? child(head, 'title') : undefined;
  const outlines: OpmlOutline[] = [];
  // Some hand-made files put outlines straight under <opml>; the body is optional to us.
  collect(child(root, 'body') ?? root, [], outlines);
  return { title: titleElement ? clean(textContent(titleElement)) : null, outlines };
}

function collect(parent: XmlElement, folders: string[], into: OpmlOutline[]): void {
  for (const node of parent.children) {
    if (node.type !== 'element' || node.local !== 'outline') continue;
    const attrs = lowerCaseKeys(node.attrs);
    const label = clean(attrs.title) ?? clean(attrs.text);
    const type = (attrs.type ?? '').trim().toLowerCase();
    // `url` stands in for `xmlUrl` in a few exporters, but only on feed-typed outlines:
    // elsewhere it is a web link or an included OPML file.
    const xmlUrl = attrs.xmlurl ?? (FEED_TYPES.has(type) ? attrs.url : undefined);
    if (xmlUrl !== undefined || FEED_TYPES.has(type)) {
      into.push({
        xmlUrl: (xmlUrl ?? '').trim(),
        title: label,
        htmlUrl: httpUrl(attrs.htmlurl),
        categories: [...folders, ...categoryAttribute(attrs.category)],
      });
      collect(node, folders, into);
    } else {
      collect(node, label ? [...folders, label] : folders, into);
    }
  }
}

function child(el: XmlElement, local: string): XmlElement | undefined {
  return el.children.find((n): n is XmlElement => n.type === 'element' && n.local === local);
}

function lowerCaseKeys(attrs: Record<string, string>): Record<string, string | undefined> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(attrs)) {
    const k = key.toLowerCase();
    if (!(k in out)) out[k] = value;
  }
  return out;
}

/** OPML 2.0: comma-separated, slash-delimited category paths ("/Tech/AI,/News"). */
function categoryAttribute(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((c) => c.trim().replace(/^\/+|\/+$/g, ''))
    .filter(Boolean);
}

function clean(value: string | undefined | null): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}

function httpUrl(value: string | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
