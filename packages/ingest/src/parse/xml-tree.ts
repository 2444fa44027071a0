import { Parser } from 'htmlparser2';
import { stripDoctype } from './doctype';
import { FeedParseError } from './feed-parse-error';
import { EntityDecoder } from './xml-entities';
import { KNOWN_PREFIXES, NS } from './namespaces';
import { repairText } from './repair-text';
import { resolveUrl } from './resolve-url';

/** An element of a leniently parsed XML document. */
export interface XmlElement {
  type: 'element';
  /** Tag name as written, e.g. `dc:creator`. */
  name: string;
  /** Local name, lowercased (feeds are sloppy about case). */
  local: string;
  /** Namespace URI: declared, else guessed from a well-known prefix, else null. */
  ns: string | null;
  /** Attributes by name as written, values decoded. */
  attrs: Record<string, string>;
  children: XmlNode[];
  parent: XmlElement | null;
  /** Effective xml:base (absolute when the document URL is). */
  base: string;
  /** Effective xml:lang, or null. */
  lang: string | null;
}

/** Character data, already decoded; `cdata` tells a CDATA section from ordinary text. */
export interface XmlText {
  type: 'text';
  value: string;
  cdata: boolean;
}

/** A node of the tree: element or character data (comments and PIs are dropped). */
export type XmlNode = XmlElement | XmlText;

/** The root element and what the tokenizer had to forgive. */
export interface XmlDocument {
  root: XmlElement | null;
  warnings: string[];
}

/* Real feeds nest a few dozen levels at most; the tree helpers recurse, so a document
   built to nest a million levels is refused instead of overflowing the stack. */
const MAX_DEPTH = 500;

/**
 * Parses XML with htmlparser2's forgiving tokenizer (xmlMode, entities left to us) into a
 * small namespace-aware tree. Unclosed elements are closed at the end, stray end tags are
 * ignored, undeclared HTML entities are decoded, and the DOCTYPE is dropped after its
 * entity declarations are noted. Throws {@link FeedParseError} only for entity-expansion
 * attacks and absurd nesting.
 */
export function parseXmlTree(input: string, documentUrl: string): XmlDocument {
  const warnings: string[] = [];
  const { text, entities } = stripDoctype(input);
  const decoder = new EntityDecoder(entities);
  const scopes: Map<string, string>[] = [new Map([['xml', NS.xml]])];
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let inCdata = false;
  let openCount = 0;
  let impliedCloses = 0;
  let ending = false;

  const parser = new Parser(
    {
      onopentag(name, rawAttrs) {
        openCount++;
        if (stack.length >= MAX_DEPTH) {
          throw new FeedParseError('too-deep', `elements nest more than ${MAX_DEPTH} levels deep`);
        }
        const parent = stack.at(-1) ?? null;
        if (!parent && root) return;
        const attrs: Record<string, string> = {};
        const scope = new Map(scopes.at(-1));
        for (const [key, raw] of Object.entries(rawAttrs)) {
          const value = decoder.decode(raw);
          attrs[key] = value;
          if (key === 'xmlns') scope.set('', value);
          else if (key.startsWith('xmlns:')) scope.set(key.slice(6), value);
        }
        const colon = name.indexOf(':');
        const prefix = colon > 0 ? name.slice(0, colon) : '';
        const localName = colon > 0 ? name.slice(colon + 1) : name;
        const ns = scope.get(prefix) ?? (prefix ? (KNOWN_PREFIXES[prefix.toLowerCase()] ?? null) : null);
        const parentBase = parent?.base ?? documentUrl;
        const xmlBase = attrs['xml:base'];
        const element: XmlElement = {
          type: 'element',
          name,
          local: localName.toLowerCase(),
          ns: ns === '' ? null : ns,
          attrs,
          children: [],
          parent,
          base: xmlBase !== undefined ? (resolveUrl(xmlBase.trim(), parentBase) ?? parentBase) : parentBase,
          lang: attrs['xml:lang'] ?? parent?.lang ?? null,
        };
        if (parent) parent.children.push(element);
        else root = element;
        stack.push(element);
        scopes.push(scope);
      },
      onclosetag(_name, isImplied) {
        if (stack.length === 0) return;
        // htmlparser2 also reports `<x/>` as an implied close; the "/>" tells them apart.
        if (isImplied && (ending || text[parser.endIndex - 1] !== '/')) impliedCloses++;
        stack.pop();
        scopes.pop();
      },
      ontext(data) {
        const parent = stack.at(-1);
        if (!parent) return;
        const value = inCdata ? data : decoder.decode(data);
        const last = parent.children.at(-1);
        if (last?.type === 'text' && last.cdata === inCdata) last.value += value;
        else parent.children.push({ type: 'text', value, cdata: inCdata });
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeCDATA: true, recognizeSelfClosing: true },
  );
  parser.write(text);
  ending = true;
  parser.end();
  if (root) repairTree(root);
  if (impliedCloses > 0) warnings.push(`${impliedCloses} element(s) were not closed`);
  if (openCount === 0) warnings.push('document has no elements');
  return { root, warnings };
}

/* Mojibake repair runs on whole text nodes, after adjacent chunks were merged. */
function repairTree(el: XmlElement): void {
  for (const [key, value] of Object.entries(el.attrs)) el.attrs[key] = repairText(value);
  for (const node of el.children) {
    if (node.type === 'text') node.value = repairText(node.value);
    else repairTree(node);
  }
}

/** The concatenated text of an element and its descendants. */
export function textContent(node: XmlNode): string {
  if (node.type === 'text') return node.value;
  return node.children.map(textContent).join('');
}

/** True when the element holds child elements (unescaped markup), not just text. */
export function hasChildElements(el: XmlElement): boolean {
  return el.children.some((child) => child.type === 'element');
}

/**
 * The element's content re-serialized as markup. XHTML-namespaced elements lose their
 * prefix so the result is plain HTML.
 */
export function innerXml(el: XmlElement): string {
  return el.children.map(serializeNode).join('');
}

/* Only HTML void elements may be written self-closed: `<p />` would open a paragraph. */
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

function serializeNode(node: XmlNode): string {
  if (node.type === 'text') return escapeText(node.value);
  const name = node.ns === NS.xhtml ? node.name.slice(node.name.indexOf(':') + 1) : node.name;
  const attrs = Object.entries(node.attrs)
    .filter(([key]) => key !== 'xmlns' && !key.startsWith('xmlns:'))
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  if (node.children.length === 0 && VOID_ELEMENTS.has(name.toLowerCase())) return `<${name}${attrs} />`;
  return `<${name}${attrs}>${node.children.map(serializeNode).join('')}</${name}>`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
