import type { FeedPreviewResult, OpmlService } from '@newswatch/api';
import type { Database, Kysely } from '@newswatch/db';
import { exportOpml, fetchFeed, importOpmlFeeds, OpmlError, parseOpml, type FeedReader } from '@newswatch/ingest';

/** Items shown in an "add feed" preview. */
const PREVIEW_ITEMS = 8;

/**
 * The dashboard's "add feed" preview: one fetch and a read by `reader`, the same stages as a
 * poll, with nothing stored. The SSRF guard applies unless private feeds are allowed.
 */
export function createFeedPreview(options: { allowPrivate: boolean; reader: FeedReader }): (url: string) => Promise<FeedPreviewResult> {
  return async function previewFeed(url) {
    const fetched = await fetchFeed(url, { allowPrivate: options.allowPrivate, timeoutMs: 15_000 });
    if (fetched.kind === 'error') return { ok: false, error: fetched.message };
    if (fetched.kind === 'not-modified') return { ok: false, error: 'the server answered 304 Not Modified to an unconditional request' };
    try {
      const read = await options.reader.read(fetched, { newest: PREVIEW_ITEMS });
      return {
        ok: true,
        url: fetched.url,
        title: read.title,
        siteUrl: read.link,
        itemCount: read.itemCount,
        items: read.items.map((i) => ({ title: i.title, url: i.url, publishedAt: i.publishedAt })),
      };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}

/** OPML import and export for the HTTP app, over this process's database. */
export function createOpmlService(db: Kysely<Database>): OpmlService {
  return {
    async importDocument(body, contentType) {
      let doc;
      try {
        doc = parseOpml(body, contentType);
      } catch (error) {
        if (error instanceof OpmlError) return { ok: false, error: error.message };
        throw error;
      }
      return { ok: true, result: await importOpmlFeeds(db, doc) };
    },
    exportDocument: () => exportOpml(db),
  };
}
