import { escapeHtml, htmlToText } from './html-to-text';
import { child, type NsList } from './element-values';
import { NS } from './namespaces';
import { resolveHtmlUrls } from './resolve-html-urls';
import { resolveUrl } from './resolve-url';
import { hasChildElements, innerXml, textContent, type XmlElement } from './xml-tree';

/** Atom 1.0 and 0.3 vocabularies, plus none for feeds that forgot the namespace. */
export const ATOM_CORE: NsList = [NS.atom10, NS.atom03, null];

/** An Atom text construct as what it is: plain text, or HTML. */
export type TextConstruct = { kind: 'text'; value: string } | { kind: 'html'; value: string };

/**
 * Reads an Atom text construct (title, subtitle, summary, content) per its `type`
 * (1.0: text | html | xhtml | a MIME type) and, for Atom 0.3, its `mode`
 * (xml | escaped | base64). XHTML keeps its markup minus the wrapping `<div>` (1.0).
 */
export function atomText(el: XmlElement | null): TextConstruct | null {
  if (!el) return null;
  const type = (el.attrs.type ?? '').trim().toLowerCase();
  const mode = (el.attrs.mode ?? '').trim().toLowerCase();
  const isHtmlType = type === 'html' || type === 'text/html';
  const isXhtmlType = type === 'xhtml' || type === 'application/xhtml+xml';

  if (mode === 'base64' || isBase64MimeType(type)) {
    // Whatever the declared type, decoded bytes in a feed are markup or text: read as HTML.
    return { kind: 'html', value: Buffer.from(textContent(el).replace(/\s+/g, ''), 'base64').toString('utf8') };
  }
  if (type === 'xhtml') {
    const div = el.children.find((node): node is XmlElement => node.type === 'element' && node.local === 'div');
    const onlyDiv = div && el.children.every((node) => node === div || (node.type === 'text' && node.value.trim() === ''));
    return { kind: 'html', value: onlyDiv ? innerXml(div) : innerXml(el) };
  }
  if (hasChildElements(el)) return { kind: 'html', value: innerXml(el) };
  if (isHtmlType || isXhtmlType || mode === 'escaped') return { kind: 'html', value: textContent(el) };
  return { kind: 'text', value: textContent(el) };
}

/** RFC 4287 §4.1.3.3: content of a MIME type that is neither text nor XML is base64. */
function isBase64MimeType(type: string): boolean {
  if (!type.includes('/')) return false;
  return !type.startsWith('text/') && !type.endsWith('+xml') && !type.endsWith('/xml');
}

/** A text construct as plain text (titles). */
export function atomPlainText(el: XmlElement | null): string | null {
  const construct = atomText(el);
  if (!construct) return null;
  const value = construct.kind === 'html' ? htmlToText(construct.value) : construct.value.trim();
  return value === '' ? null : value;
}

/** A text construct as HTML with absolute URLs (summary, content). */
export function atomHtml(el: XmlElement | null): string | null {
  const construct = atomText(el);
  if (!el || !construct || construct.value.trim() === '') return null;
  return construct.kind === 'html' ? resolveHtmlUrls(construct.value, el.base) : escapeHtml(construct.value);
}

/**
 * The href of the first `<link>` with this rel (a missing rel means "alternate"), in Atom
 * or as `atom:link` inside RSS, resolved against the link's xml:base.
 */
export function atomLink(parent: XmlElement, rel: string, ns: NsList = [NS.atom10, NS.atom03]): string | null {
  for (const node of parent.children) {
    if (node.type !== 'element' || node.local !== 'link' || !ns.includes(node.ns)) continue;
    const nodeRel = (node.attrs.rel ?? 'alternate').trim().toLowerCase();
    if (nodeRel !== rel) continue;
    // Early Atom 0.3 producers wrote the URL as the element's text.
    const href = node.attrs.href ?? textContent(node);
    const resolved = resolveUrl(href, node.base);
    if (resolved) return resolved;
  }
  return null;
}

/** Atom person construct as "Name (email)", or whichever part is present. */
export function atomAuthor(el: XmlElement | null): string | null {
  if (!el) return null;
  const name = textOf(child(el, 'name', ATOM_CORE));
  const email = textOf(child(el, 'email', ATOM_CORE));
  if (name && email) return `${name} (${email})`;
  return name ?? email ?? (hasChildElements(el) ? null : textOf(el));
}

function textOf(el: XmlElement | null): string | null {
  if (!el) return null;
  const value = textContent(el).replace(/\s+/g, ' ').trim();
  return value === '' ? null : value;
}
