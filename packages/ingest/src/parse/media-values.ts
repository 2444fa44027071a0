import { child, html, text } from './element-values';
import { escapeHtml } from './html-to-text';
import { NS } from './namespaces';
import type { XmlElement } from './xml-tree';

const MEDIA = [NS.media];

/**
 * `media:description`, directly or inside `media:group`, as HTML: the only summary that
 * media-first feeds (YouTube, podcasts, photo feeds) give their items.
 */
export function mediaDescription(item: XmlElement): string | null {
  const el = child(item, 'description', MEDIA) ?? child(child(item, 'group', MEDIA), 'description', MEDIA);
  const value = text(el);
  if (!el || value === null) return null;
  return el.attrs.type?.trim().toLowerCase() === 'html' ? html(el) : escapeHtml(value);
}
