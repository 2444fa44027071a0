import { describe, expect, it } from 'vitest';
import type { ParsedFeed, ParsedItem } from '../parse/parsed-feed';
import { normalizeItems } from './normalize-item';

const now = new Date('2025-06-01T12:00:00Z');

function item(fields: Partial<ParsedItem>): ParsedItem {
  return {
    guid: null,
    link: null,
    title: null,
    summary: null,
    content: null,
    author: null,
    published: null,
    updated: null,
    categories: [],
    enclosures: [],
    language: null,
    ...fields,
  };
}

function feed(items: ParsedItem[], language: string | null = 'en'): ParsedFeed {
  return {
    format: 'rss',
    title: 'Feed',
    link: 'https://news.example.com/',
    language,
    ttlMinutes: null,
    hubUrl: null,
    selfUrl: null,
    items,
    warnings: [],
  };
}

const one = (fields: Partial<ParsedItem>, language?: string | null) => {
  const [result] = normalizeItems(feed([item(fields)], language), 'https://news.example.com/rss', now);
  if (!result) throw new Error('no item');
  return result;
};

describe('normalizeItems', () => {
  it('makes URLs absolute and canonical', () => {
    const result = one({
      link: '/World/Story?utm_source=rss&b=2&fbclid=x&a=1&gclid=y&mc_cid=1&mc_eid=2&igshid=3&ref_src=twsrc#comments',
    });
    expect(result.url).toBe('https://news.example.com/World/Story?utm_source=rss&b=2&fbclid=x&a=1&gclid=y&mc_cid=1&mc_eid=2&igshid=3&ref_src=twsrc#comments');
    expect(result.canonicalUrl).toBe('https://news.example.com/World/Story?a=1&b=2');
    expect(one({ link: 'HTTPS://News.Example.COM:443/a?utm_medium=x' }).canonicalUrl).toBe('https://news.example.com/a');
  });

  it('keeps dates in UTC and replaces missing or future ones with now', () => {
    expect(one({ title: 't', published: new Date('2025-05-31T23:00:00-05:00') }).publishedAt.toISOString()).toBe('2025-06-01T04:00:00.000Z');
    expect(one({ title: 't', updated: new Date('2025-05-01T00:00:00Z') }).publishedAt.toISOString()).toBe('2025-05-01T00:00:00.000Z');
    expect(one({ title: 'no date' }).publishedAt).toEqual(now);
    expect(one({ title: 't', published: new Date(now.getTime() + 5 * 60_000) }).publishedAt).toEqual(new Date(now.getTime() + 5 * 60_000));
    expect(one({ title: 't', published: new Date(now.getTime() + 60 * 60_000) }).publishedAt).toEqual(now);
  });

  it('renders HTML to text for matching: blocks break, entities decode, whitespace collapses', () => {
    const result = one({
      title: 'Kim  Jong Un\n arrives',
      summary: '<p>Arms&nbsp;transfer</p><p>to&#160;Russia &amp; more</p>',
      content: '<h2>Head</h2><p>One<br>two</p><script>alert(1)</script><ul><li>a</li><li>b</li></ul>',
    });
    expect(result.title).toBe('Kim Jong Un arrives');
    expect(result.summaryText).toBe('Arms transfer to Russia & more');
    expect(result.contentText).toBe('Head\nOne\ntwo\na\nb');
  });

  it('sanitizes HTML for display', () => {
    const result = one({
      content:
        '<p onclick="steal()">Hi <a href="javascript:alert(1)">x</a> <a href="https://e.com/a" target="_top">y</a></p>' +
        '<script>bad()</script><style>p{}</style><iframe src="https://evil.example"></iframe><img src="https://e.com/i.png" onerror="x()">',
    });
    expect(result.contentHtml).toBe(
      '<p>Hi <a rel="noopener noreferrer nofollow">x</a> <a href="https://e.com/a" rel="noopener noreferrer nofollow">y</a></p>' +
        '<img src="https://e.com/i.png" loading="lazy" />',
    );
  });

  it('uses the summary as content when there is no content (Atom summary-only entries)', () => {
    const result = one({ title: 't', summary: '<p>Only <b>this</b></p>' });
    expect(result.contentHtml).toBe('<p>Only <b>this</b></p>');
    expect(result.contentText).toBe('Only this');
    expect(result.summaryText).toBe('Only this');
  });

  it('derives a summary from the content and a title from the text when missing', () => {
    const long = `<p>${'word '.repeat(200)}</p>`;
    const result = one({ content: long, link: 'https://e.com/x' });
    expect(result.summaryText.length).toBeLessThanOrEqual(401);
    expect(result.summaryText.endsWith('…')).toBe(true);
    expect(result.title.length).toBeLessThanOrEqual(121);
  });

  it('keys items by guid, else canonical URL, else a hash of title and summary', () => {
    expect(one({ guid: ' abc ', link: 'https://e.com/1' }).dedupeKey).toBe('guid:abc');
    expect(one({ link: 'https://e.com/1?utm_source=x' }).dedupeKey).toBe('url:https://e.com/1');
    expect(one({ title: 'T', summary: 'S' }).dedupeKey).toMatch(/^hash:[0-9a-f]{64}$/);
    expect(one({ title: 'T', summary: 'S' }).dedupeKey).toBe(one({ title: 'T', summary: 'S' }).dedupeKey);
  });

  it('changes contentHash when the story is edited, not otherwise', () => {
    const base = { guid: 'g', title: 'T', summary: 'S', content: '<p>C</p>' };
    expect(one(base).contentHash).toBe(one(base).contentHash);
    expect(one({ ...base, content: '<p>C, updated</p>' }).contentHash).not.toBe(one(base).contentHash);
    expect(one({ ...base, title: 'T2' }).contentHash).not.toBe(one(base).contentHash);
  });

  it('keeps only http(s) article links', () => {
    expect(one({ title: 't', link: 'javascript:alert(1)' }).url).toBeNull();
    expect(one({ title: 't', link: 'data:text/html,x' }).canonicalUrl).toBeNull();
  });

  it('takes a guid that is a URL as the link when there is none', () => {
    expect(one({ guid: 'https://e.com/story/1' }).url).toBe('https://e.com/story/1');
    expect(one({ guid: 'tag:e.com,2025:1' }).url).toBeNull();
  });

  it('falls back to the feed language and lowercases it', () => {
    expect(one({ title: 't' }, 'en-US').language).toBe('en-us');
    expect(one({ title: 't', language: 'KO' }).language).toBe('ko');
  });

  it('drops the characters PostgreSQL cannot store (NUL, lone surrogates) from every field', () => {
    const result = one({
      guid: 'g\u00001',
      link: 'https://e.com/\u0000a',
      title: 'Kim\u0000 Jong Un \ud83d\ude80 arrives\ud800',
      summary: '<p>Arms\u0000 transfer &amp;#0; \udc00</p>',
      content: '<p title="x\u0000y">Body\u0000 text &#0; &#xD800;</p>',
      author: 'Desk\u0000',
      language: 'e\u0000n',
    });
    for (const value of Object.values(result)) if (typeof value === 'string') expect(value).not.toMatch(/[\u0000\ud800-\udfff]/u);
    expect(result.title).toBe('Kim Jong Un \ud83d\ude80 arrives');
    expect(result.dedupeKey).toBe('guid:g1');
    expect(result.author).toBe('Desk');
    expect(result.language).toBe('en');
    expect(result.contentText).toContain('Body text');
  });

  it('drops placeholder items with nothing to show', () => {
    const items = normalizeItems(feed([item({ published: now }), item({ title: 'kept' })]), 'https://e.com/', now);
    expect(items.map((i) => i.title)).toEqual(['kept']);
  });
});
