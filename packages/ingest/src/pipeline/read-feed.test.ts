import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { MAX_ITEMS_READ, readFeed } from './read-feed';

const now = new Date('2026-12-05T12:00:00Z');

function rss(items: string[], channel = ''): string {
  return `<?xml version="1.0" encoding="windows-1252"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Caf\u00e9 \u201cWire\u201d</title><link>https://wire.example/</link>${channel}
${items.join('\n')}
</channel></rss>`;
}

const item = (n: number, pubDate: string | null) =>
  `<item><title>Story ${n}</title><link>/news/${n}</link><guid>s${n}</guid>${pubDate ? `<pubDate>${pubDate}</pubDate>` : ''}<description>Text ${n}.</description></item>`;

describe('readFeed', () => {
  it('decodes by the declared charset, resolves links, and tells the feed row what the feed says of itself', async () => {
    const body = iconv.encode(
      rss(
        [item(1, 'Thu, 03 Dec 2026 10:00:00 GMT'), item(2, null)],
        '<ttl>30</ttl><atom:link rel="hub" href="https://hub.example/"/><atom:link rel="self" href="https://wire.example/rss"/>',
      ),
      'windows-1252',
    );
    const read = await readFeed({ body, contentType: 'application/rss+xml', url: 'https://wire.example/rss' }, { now });
    expect(read).toMatchObject({
      title: 'Caf\u00e9 \u201cWire\u201d',
      link: 'https://wire.example/',
      ttlSeconds: 1800,
      hubUrl: 'https://hub.example/',
      selfUrl: 'https://wire.example/rss',
      itemCount: 2,
    });
    expect(read.items.map((i) => i.url)).toEqual(['https://wire.example/news/1', 'https://wire.example/news/2']);
    // The undated item is stamped with the reading time, but its pace input stays unknown.
    expect(read.items[1]!.publishedAt).toEqual(now);
    expect(read.itemDates).toEqual([new Date('2026-12-03T10:00:00Z'), null]);
  });

  it('keeps only the newest few when asked, and still counts them all', async () => {
    const dates = ['Mon, 30 Nov 2026 08:00:00 GMT', 'Fri, 04 Dec 2026 08:00:00 GMT', 'Wed, 02 Dec 2026 08:00:00 GMT'];
    const body = Buffer.from(rss(dates.map((d, n) => item(n, d))));
    const read = await readFeed({ body, contentType: null, url: 'https://wire.example/rss' }, { now, newest: 2 });
    expect(read.itemCount).toBe(3);
    expect(read.items.map((i) => i.title)).toEqual(['Story 1', 'Story 2']);
  });

  it('strips what PostgreSQL cannot store from the feed’s own title, not only from its items', async () => {
    const body = Buffer.from(rss([item(1, null)]).replace('<title>Caf', '<title>\u0000Caf'));
    const read = await readFeed({ body, contentType: 'text/xml; charset=utf-8', url: 'https://wire.example/rss' }, { now });
    expect(read.title).toBe('Caf\u00e9 \u201cWire\u201d');
  });
});

describe('readFeed of a document with more items than are read', () => {
  it(`keeps the newest ${MAX_ITEMS_READ.toLocaleString('en')}, in document order, and counts them all`, async () => {
    const total = MAX_ITEMS_READ + 500;
    // Oldest first for the first 500, then newest first: the kept ones are not simply a prefix.
    const minute = (n: number) => new Date(Date.UTC(2026, 11, 1) + n * 60_000).toUTCString();
    const order = [...Array.from({ length: 500 }, (_, n) => n), ...Array.from({ length: total - 500 }, (_, n) => total - 1 - n)];
    const body = Buffer.from(rss(order.map((n) => item(n, minute(n)))), 'latin1');
    const read = await readFeed({ body, contentType: 'application/rss+xml', url: 'https://wire.example/rss' }, { now });
    expect(read.itemCount).toBe(total);
    expect(read.items).toHaveLength(MAX_ITEMS_READ);
    expect(read.items[0]!.title).toBe(`Story ${total - 1}`);
    expect(read.items.at(-1)!.title).toBe('Story 500');
    expect(read.items.some((i) => i.title === 'Story 499')).toBe(false);
  });
});
