/** One subscription of an OPML file, as written there (the URL is not validated yet). */
export interface OpmlOutline {
  /** The `xmlUrl` attribute, trimmed; empty when a feed-typed outline has none. */
  xmlUrl: string;
  /** `title`, else `text`, whitespace collapsed; null when both are empty. */
  title: string | null;
  /** `htmlUrl` when it is an http(s) URL. */
  htmlUrl: string | null;
  /** Folder path from the enclosing outlines, then any `category` attribute values. */
  categories: string[];
}

/** A parsed OPML subscription list: every feed outline in document order, folders flattened. */
export interface OpmlDocument {
  title: string | null;
  outlines: OpmlOutline[];
}
