/** Namespace URIs of the feed vocabularies we read. */
export const NS = {
  xml: 'http://www.w3.org/XML/1998/namespace',
  atom10: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rss10: 'http://purl.org/rss/1.0/',
  rss090: 'http://my.netscape.com/rdf/simple/0.9/',
  /** UserLand's namespaces for RSS 0.9x/2.0, which some feeds put on `<rss>`. */
  userlandRss: 'http://backend.userland.com/rss',
  userlandRss2: 'http://backend.userland.com/rss2',
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  xhtml: 'http://www.w3.org/1999/xhtml',
  media: 'http://search.yahoo.com/mrss/',
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
} as const;

/**
 * Namespaces assumed for conventional prefixes a document uses without declaring them
 * (`<dc:creator>` with no `xmlns:dc`): a common error that readers forgive.
 */
export const KNOWN_PREFIXES: Record<string, string> = {
  atom: NS.atom10,
  rdf: NS.rdf,
  dc: NS.dc,
  dcterms: NS.dcterms,
  content: NS.content,
  xhtml: NS.xhtml,
  media: NS.media,
  itunes: NS.itunes,
};
