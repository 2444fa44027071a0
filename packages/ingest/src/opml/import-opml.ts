import { createFeeds, type Database, type Kysely, type NewFeed } from '@newswatch/db';
import { checkFeedUrl } from './feed-url';
import type { OpmlDocument } from './opml-document';

/** What an OPML import did; `added + skipped + invalid.length = total`. */
export interface OpmlImportSummary {
  /** Feed outlines in the document. */
  total: number;
  /** Newly subscribed (due at once). */
  added: number;
  /** Already subscribed, or listed twice in the document. */
  skipped: number;
  /** Outlines that cannot be subscribed, with the reason. */
  invalid: { url: string; reason: string }[];
  /** Ids of the feeds created, in document order. */
  addedIds: number[];
}

export interface OpmlImportOptions {
  /** Feeds per INSERT; each batch is its own statement, so no transaction spans the import. */
  batchSize?: number;
  /** Called after each batch with how many outlines are done. */
  onProgress?: (processed: number, total: number) => void;
}

/**
 * Subscribes to every feed of an OPML document. Invalid URLs are reported, not fatal; URLs
 * already subscribed are skipped. New feeds are due at once: the lease and the per-host
 * limiter spread the first polls, so a large import does not stampede one host.
 */
export async function importOpmlFeeds(db: Kysely<Database>, doc: OpmlDocument, options: OpmlImportOptions = {}): Promise<OpmlImportSummary> {
  const batchSize = Math.max(1, options.batchSize ?? 100);
  const summary: OpmlImportSummary = { total: doc.outlines.length, added: 0, skipped: 0, invalid: [], addedIds: [] };
  const seen = new Set<string>();
  let processed = 0;
  for (let i = 0; i < doc.outlines.length; i += batchSize) {
    const batch: NewFeed[] = [];
    for (const outline of doc.outlines.slice(i, i + batchSize)) {
      const checked = checkFeedUrl(outline.xmlUrl);
      if (!checked.ok) {
        summary.invalid.push({ url: outline.xmlUrl, reason: checked.reason });
      } else if (seen.has(checked.url)) {
        summary.skipped++;
      } else {
        seen.add(checked.url);
        batch.push({ url: checked.url, title: outline.title?.slice(0, 300) ?? null, site_url: outline.htmlUrl });
      }
    }
    const created = await createFeeds(db, batch);
    summary.added += created.length;
    summary.skipped += batch.length - created.length;
    const ids = new Map(created.map((f) => [f.url, f.id]));
    for (const feed of batch) {
      const id = ids.get(feed.url);
      if (id !== undefined) summary.addedIds.push(id);
    }
    processed = Math.min(doc.outlines.length, i + batchSize);
    options.onProgress?.(processed, summary.total);
  }
  return summary;
}
