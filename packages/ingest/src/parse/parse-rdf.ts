import { atomLink } from './atom-values';
import { child, children, plainText, url } from './element-values';
import { NS } from './namespaces';
import type { ParsedFeed } from './parsed-feed';
import { channelLanguage, mapRssItem, RSS_CORE } from './rss-item';
import type { XmlElement } from './xml-tree';

/**
 * RSS 1.0 and 0.90 (`<rdf:RDF>`): channel and items are siblings under the root, and
 * each item's identity is its `rdf:about`. Field mapping is shared with RSS 2.0.
 */
export function parseRdf(root: XmlElement, warnings: string[]): ParsedFeed {
  const channel = child(root, 'channel', RSS_CORE);
  if (!channel) warnings.push('RDF document has no <channel>');
  const language = channelLanguage(channel, root);
  const itemElements = [...children(root, 'item', RSS_CORE), ...(channel ? children(channel, 'item', RSS_CORE) : [])];
  return {
    format: 'rdf',
    title: plainText(child(channel, 'title', RSS_CORE)) ?? plainText(child(channel, 'title', [NS.dc])),
    link: url(child(channel, 'link', RSS_CORE)),
    language,
    ttlMinutes: null,
    hubUrl: channel ? atomLink(channel, 'hub') : null,
    selfUrl: channel ? atomLink(channel, 'self') : null,
    items: itemElements.map((item) => mapRssItem(item, language)),
    warnings,
  };
}
