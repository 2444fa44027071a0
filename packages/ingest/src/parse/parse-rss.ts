import { atomLink } from './atom-values';
import { child, plainText, text, url } from './element-values';
import { NS } from './namespaces';
import type { ParsedFeed } from './parsed-feed';
import { channelLanguage, mapRssItem, RSS_CORE } from './rss-item';
import type { XmlElement } from './xml-tree';

/**
 * RSS 0.9x and 2.0 (`<rss><channel>…`, or a bare `<channel>` root). Items are read
 * wherever they sit under the root, because publishers put them outside `<channel>` or
 * nest one inside another; an item's own fields come only from its direct children.
 */
export function parseRss(root: XmlElement, warnings: string[]): ParsedFeed {
  const channel = root.local === 'channel' ? root : child(root, 'channel', RSS_CORE);
  if (!channel) warnings.push('RSS document has no <channel>');
  const language = channelLanguage(channel, root);
  const items = collectItems(root).map((item) => mapRssItem(item, language));
  const ttl = Number(text(child(channel, 'ttl', RSS_CORE)));
  return {
    format: 'rss',
    title: channel ? plainTitle(channel) : null,
    link: url(child(channel, 'link', RSS_CORE)) ?? (channel ? atomLink(channel, 'alternate') : null),
    language,
    ttlMinutes: Number.isFinite(ttl) && ttl > 0 ? ttl : null,
    hubUrl: channel ? atomLink(channel, 'hub') : null,
    selfUrl: channel ? atomLink(channel, 'self') : null,
    items,
    warnings,
  };
}

function plainTitle(channel: XmlElement): string | null {
  return plainText(child(channel, 'title', RSS_CORE)) ?? plainText(child(channel, 'title', [NS.dc]));
}

function collectItems(el: XmlElement, out: XmlElement[] = []): XmlElement[] {
  for (const node of el.children) {
    if (node.type !== 'element') continue;
    if (node.local === 'item' && RSS_CORE.includes(node.ns)) out.push(node);
    if (node.ns === null || RSS_CORE.includes(node.ns)) collectItems(node, out);
  }
  return out;
}
