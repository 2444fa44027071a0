import { htmlToText, looksLikeHtml } from './html-to-text';
import { resolveHtmlUrls } from './resolve-html-urls';
import { resolveUrl } from './resolve-url';
import { hasChildElements, innerXml, textContent, type XmlElement } from './xml-tree';

/** Namespace lists meaning "the format's own vocabulary" (plus none, for sloppy feeds). */
export type NsList = readonly (string | null)[];

/** The first child element with this local name in one of these namespaces. */
export function child(el: XmlElement | null | undefined, local: string, ns: NsList): XmlElement | null {
  if (!el) return null;
  for (const node of el.children) {
    if (node.type === 'element' && node.local === local && ns.includes(node.ns)) return node;
  }
  return null;
}

/** Every child element with this local name in one of these namespaces. */
export function children(el: XmlElement, local: string, ns: NsList): XmlElement[] {
  return el.children.filter((node): node is XmlElement => node.type === 'element' && node.local === local && ns.includes(node.ns));
}

/** Trimmed text of an element; null when absent or blank. */
export function text(el: XmlElement | null): string | null {
  if (!el) return null;
  const value = textContent(el).trim();
  return value === '' ? null : value;
}

/**
 * An element holding HTML either escaped (`&lt;p&gt;`, CDATA) or, illegally but often,
 * as raw child markup; returned as HTML with relative URLs made absolute.
 */
export function html(el: XmlElement | null): string | null {
  if (!el) return null;
  const value = hasChildElements(el) ? innerXml(el) : textContent(el);
  if (value.trim() === '') return null;
  return resolveHtmlUrls(value, el.base);
}

/**
 * A title-like element as plain text: markup (escaped or raw) is rendered to text,
 * since RSS says nothing about whether a title holds HTML and publishers do both.
 */
export function plainText(el: XmlElement | null): string | null {
  if (!el) return null;
  const raw = hasChildElements(el) ? innerXml(el) : textContent(el);
  const value = looksLikeHtml(raw) ? htmlToText(raw) : raw.replace(/\s+/g, ' ').trim();
  return value === '' ? null : value;
}

/** An element's text as a URL resolved against its xml:base. */
export function url(el: XmlElement | null): string | null {
  if (!el) return null;
  return resolveUrl(textContent(el), el.base);
}

/** An attribute as a URL resolved against the element's xml:base. */
export function urlAttribute(el: XmlElement | null, name: string): string | null {
  if (!el) return null;
  return resolveUrl(el.attrs[name], el.base);
}
