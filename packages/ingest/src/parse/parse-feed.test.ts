import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FeedParseError } from './feed-parse-error';
import { parseFeed } from './parse-feed';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

describe('parseFeed: hostile and broken XML', () => {
  it('refuses a billion-laughs document fast, with a clear error', async () => {
    const started = performance.now();
    const error = await parseFeed(fixture('billion-laughs.xml'), 'https://example.com/feed').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(FeedParseError);
    expect((error as FeedParseError).code).toBe('entity-expansion');
    expect((error as Error).message).toMatch(/^parse: .*\(entity expansion attack\?\)$/);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses a quadratic blowup (one big entity referenced many times)', async () => {
    const big = 'x'.repeat(50_000);
    const doc = `<!DOCTYPE rss [<!ENTITY a "${big}">]><rss version="2.0"><channel><title>${'&a;'.repeat(100)}</title></channel></rss>`;
    await expect(parseFeed(doc, '')).rejects.toThrow(/entity expansion attack/);
  });

  it('refuses absurd nesting instead of overflowing the stack', async () => {
    const doc = `<rss version="2.0"><channel><item><description>${'<div>'.repeat(200_000)}</description></item></channel></rss>`;
    await expect(parseFeed(doc, '')).rejects.toThrow('parse: elements nest more than 500 levels deep');
  });

  it('refuses an entity that refers to itself', async () => {
    const doc = '<!DOCTYPE rss [<!ENTITY a "x&a;">]><rss><channel><title>&a;</title></channel></rss>';
    await expect(parseFeed(doc, '')).rejects.toThrow(FeedParseError);
  });

  it('expands small declared entities, decodes HTML entities, keeps bare ampersands, never fetches external ones', async () => {
    const feed = await parseFeed(fixture('declared-entities.xml'), 'https://example.com/rss');
    expect(feed.title).toBe('Example & Co news');
    expect(feed.language).toBe('en-GB');
    expect(feed.ttlMinutes).toBe(30);
    const [item] = feed.items;
    expect(item?.title).toBe('Café prices rise — AT&T & friends &ext;');
    expect(item?.link).toBe('https://example.com/2025/01/cafe?utm_source=rss&id=7');
    expect(item?.summary).toBe('<p>Prices <b>up</b> 5%</p><img src="https://example.com/img/cup.jpg">');
    expect(item?.published?.toISOString()).toBe('2025-01-02T08:30:00.000Z');
  });

  it('reads <rss> without a version and an unclosed root, with warnings', async () => {
    const feed = await parseFeed(fixture('rss-no-version-unclosed.xml'), 'http://example.com/feed');
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Broken but readable');
    expect(feed.items.map((item) => [item.guid, item.link])).toEqual([
      ['id-1', 'http://example.com/1'],
      ['http://example.com/2', 'http://example.com/2'],
    ]);
    expect(feed.items[1]?.summary).toBe('<p>Second <a href="http://example.com/rel">story</a></p>');
    expect(feed.warnings).toEqual(['3 element(s) were not closed', '<rss> has no version attribute']);
  });

  it('rejects what is not a feed', async () => {
    await expect(parseFeed('', 'https://e.com/')).rejects.toThrow('parse: empty document');
    await expect(parseFeed('<!doctype html><html><body>Hi</body></html>', 'https://e.com/')).rejects.toThrow('parse: document is an HTML page, not a feed');
    await expect(parseFeed('<opml version="2.0"/>', 'https://e.com/')).rejects.toThrow(/unknown root element <opml>/);
    await expect(parseFeed('{"version": 1', 'https://e.com/')).rejects.toThrow(/^parse: invalid JSON/);
    await expect(parseFeed('just text', 'https://e.com/')).rejects.toThrow(/no XML element/);
  });
});

describe('parseFeed: Atom', () => {
  it('resolves links and content URLs against nested xml:base and maps every field', async () => {
    const feed = await parseFeed(fixture('xml-base.atom'), 'https://mirror.example.net/x');
    expect(feed).toMatchObject({
      format: 'atom',
      title: 'Jane’s blog',
      link: 'http://example.org/blog/',
      language: 'en',
      selfUrl: 'http://example.org/blog/feed.atom',
      hubUrl: 'https://hub.example.net/',
    });
    const [first, second] = feed.items;
    expect(first).toMatchObject({
      guid: 'tag:example.org,2025:1',
      link: 'http://example.org/blog/2025/hello.html',
      title: 'Hello',
      author: 'Jane (jane@example.org)',
      summary: 'Plain &lt;summary&gt; text',
      content: '<p>See <a href="http://example.org/blog/img/a.png">this</a>.</p>',
      categories: ['news'],
      enclosures: [{ url: 'http://example.org/audio/hello.mp3', type: 'audio/mpeg', length: 1234 }],
      language: 'en',
    });
    expect(first?.published?.toISOString()).toBe('2025-01-02T08:00:00.000Z');
    expect(first?.updated?.toISOString()).toBe('2025-01-03T10:00:00.000Z');
    expect(second).toMatchObject({ summary: '<p>Only a <b>summary</b></p>', content: null, published: null });
  });
});

describe('parseFeed: JSON Feed', () => {
  it('reads JSON Feed 1.1 and 1.0 fields', async () => {
    const feed = await parseFeed(fixture('json-feed-1.1.json'), 'https://cdn.example.com/feed.json');
    expect(feed).toMatchObject({
      format: 'json',
      title: 'JSON & more',
      link: 'https://example.com/',
      language: 'de-DE',
      hubUrl: 'https://hub.example.com/',
      selfUrl: 'https://example.com/feed.json',
    });
    expect(feed.items[0]).toMatchObject({
      guid: '1',
      link: 'https://example.com/posts/1',
      title: 'Erster Beitrag',
      summary: 'Hallo',
      content: '<p>Hallo <img src="https://example.com/a.png"></p>',
      author: 'Desk',
      categories: ['a', 'b'],
      enclosures: [{ url: 'https://example.com/a.mp3', type: 'audio/mpeg', length: 10 }],
    });
    expect(feed.items[0]?.published?.toISOString()).toBe('2025-01-02T09:00:00.000Z');
    expect(feed.items[1]).toMatchObject({ guid: '2', title: null, content: 'Text &lt;only&gt;', author: 'Old style' });
  });
});

describe('parseFeed: HTTP context', () => {
  it('uses Content-Language only when the feed names no language', async () => {
    const bare = '<rss version="2.0"><channel><title>t</title><item><title>i</title></item></channel></rss>';
    const feed = await parseFeed(bare, 'https://e.com/', { contentLanguage: 'fr, en' });
    expect(feed.language).toBe('fr');
    expect(feed.items[0]?.language).toBe('fr');
    const own = bare.replace('<title>t</title>', '<title>t</title><language>de</language>');
    expect((await parseFeed(own, 'https://e.com/', { contentLanguage: 'fr' })).language).toBe('de');
  });
});
