import { afterEach, describe, expect, it } from 'vitest';
import { readFeed, type FeedBody } from '../pipeline/read-feed';
import { FeedReaderPool } from './feed-reader-pool';

function rss(items: number, extra = ''): FeedBody {
  const item = (n: number) =>
    `<item><title>Story ${n}: Kim Jong Un visits factory</title><link>http://127.0.0.1/story/${n}?utm_source=x</link>` +
    `<pubDate>Mon, 07 Dec 2026 10:${String(n % 60).padStart(2, '0')}:00 GMT</pubDate>` +
    `<description><![CDATA[<p>Lede of story ${n} with <b>bold</b> words and <script>alert(1)</script>${extra}</p>]]></description></item>`;
  const xml = `<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>Caf\xe9 news</title><link>http://127.0.0.1/</link><ttl>15</ttl>${Array.from({ length: items }, (_, n) => item(n)).join('')}</channel></rss>`;
  return { body: Buffer.from(xml, 'latin1'), contentType: 'application/rss+xml', url: 'http://127.0.0.1/feed.xml' };
}

const notAFeed: FeedBody = { body: Buffer.from('<html><body>Moved</body></html>'), contentType: 'text/html', url: 'http://127.0.0.1/feed.xml' };

let pool: FeedReaderPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('FeedReaderPool', () => {
  it('reads a document on a reader thread exactly as readFeed does on the polling thread', async () => {
    pool = new FeedReaderPool({ threads: 2 });
    const doc = rss(30);
    const [onThread, here] = await Promise.all([pool.read(doc), readFeed(doc)]);
    expect(onThread.items).toHaveLength(30);
    // Dates stay dates, the charset decoded, the HTML sanitized, the URL canonical.
    expect(onThread.items[0]!.publishedAt).toBeInstanceOf(Date);
    expect(onThread.title).toBe('Café news');
    expect(onThread.items[0]!.contentHtml).not.toContain('script');
    expect(onThread).toEqual(here);
  });

  it("fails a document that is not a feed with the parser's message, and goes on reading", async () => {
    pool = new FeedReaderPool({ threads: 1 });
    const expected = await readFeed(notAFeed).then(
      () => 'read',
      (error: Error) => error.message,
    );
    expect(expected).toMatch(/^parse: /);
    await expect(pool.read(notAFeed)).rejects.toThrow(expected);
    expect((await pool.read(rss(2))).items).toHaveLength(2);
  });

  it('reads with the options given (a preview: the newest few)', async () => {
    pool = new FeedReaderPool({ threads: 1 });
    const reading = await pool.read(rss(30), { newest: 3 });
    expect(reading.itemCount).toBe(30);
    expect(reading.items.map((i) => i.title)).toEqual((await readFeed(rss(30), { newest: 3 })).items.map((i) => i.title));
    expect(reading.items).toHaveLength(3);
  });

  it('reads documents given together, in parallel and each answered with its own reading', async () => {
    pool = new FeedReaderPool({ threads: 2 });
    const readings = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => pool!.read(rss(n))));
    expect(readings.map((r) => r.items.length)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('fails a document still being read at its deadline, and reads the next on a fresh thread', async () => {
    pool = new FeedReaderPool({ threads: 1, deadlineMs: 100 });
    await pool.read(rss(1)); // the thread is started: the deadline counts reading only
    const started = Date.now();
    await expect(pool.read(rss(20_000))).rejects.toThrow('reading the feed took longer than 0.1 s');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await pool.read(rss(3))).items).toHaveLength(3);
  });

  it('fails a document that fills the thread’s heap, and the process and the next document carry on', async () => {
    pool = new FeedReaderPool({ threads: 1, heapMb: 64 });
    await pool.read(rss(1));
    await expect(pool.read(rss(40_000, ' words'.repeat(200)))).rejects.toThrow("reading the feed needed more than the reader's 64 MB of memory");
    expect((await pool.read(rss(3))).items).toHaveLength(3);
  });

  it('fails what waits once closed, and reads nothing more', async () => {
    pool = new FeedReaderPool({ threads: 1 });
    const reading = expect(pool.read(rss(5))).rejects.toThrow('the feed reader pool is closed');
    await pool.close();
    await reading;
    await expect(pool.read(rss(1))).rejects.toThrow('the feed reader pool is closed');
  });

  it('fails a document when its thread cannot start, once per document rather than in a loop', async () => {
    pool = new FeedReaderPool({ threads: 1, script: new URL('./read-messages.ts', import.meta.url) });
    await expect(pool.read(rss(1))).rejects.toThrow(/the feed reader thread (failed|stopped)/);
  });
});
