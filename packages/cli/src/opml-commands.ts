import { exportOpml, importOpmlFeeds, OpmlError, parseOpml } from '@newswatch/ingest';
import fs from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from './config';
import { openAndMigrate } from './runtime';

/* Outlines per batch: one INSERT each, and one progress line. */
const BATCH = 100;

/**
 * `newswatch import-opml <file>`: subscribes to every feed of an OPML file, printing progress
 * per batch and a summary. New feeds are due at once; a running ingest worker picks them up.
 * Returns the exit code (1 when the file cannot be read as OPML).
 */
export async function importOpmlCommand(config: Config, logger: Logger, file: string | undefined): Promise<number> {
  if (!file) {
    console.error('Usage: newswatch import-opml <file>');
    return 1;
  }
  let doc;
  try {
    doc = parseOpml(fs.readFileSync(file));
  } catch (error) {
    // Unreadable (missing, a directory, no permission) or not OPML: say which file and why.
    if (error instanceof OpmlError || typeof (error as NodeJS.ErrnoException).code === 'string') {
      console.error(`Cannot import ${file}: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
  const handle = await openAndMigrate(config, logger);
  try {
    console.log(`importing ${doc.outlines.length} feeds from ${file}`);
    const summary = await importOpmlFeeds(handle.db, doc, {
      batchSize: BATCH,
      onProgress: (done, total) => console.log(`imported ${done}/${total}`),
    });
    for (const item of summary.invalid) console.log(`invalid: ${item.url || '(no URL)'} — ${item.reason}`);
    console.log(`added ${summary.added}, skipped ${summary.skipped} (already subscribed), invalid ${summary.invalid.length}, total ${summary.total}`);
    return 0;
  } finally {
    await handle.close();
  }
}

/** `newswatch export-opml [file]`: every subscription as OPML 2.0, to the file or stdout. */
export async function exportOpmlCommand(config: Config, logger: Logger, file: string | undefined): Promise<number> {
  const handle = await openAndMigrate(config, logger);
  try {
    const xml = await exportOpml(handle.db);
    if (file) {
      fs.writeFileSync(file, xml);
      console.error(`wrote ${file}`);
    } else {
      await new Promise<void>((resolve, reject) => process.stdout.write(xml, (error) => (error ? reject(error) : resolve())));
    }
    return 0;
  } finally {
    await handle.close();
  }
}
