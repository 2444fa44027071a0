import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFeedUrl } from './feed-url';
import { OpmlError } from './opml-error';
import { parseOpml } from './parse-opml';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));

describe('parseOpml: real-world exports', () => {
  it('reads a Feedly export: folders become categories, nested folders a path, duplicates kept in order', () => {
    const doc = parseOpml(fixture('feedly-export.opml'));
    expect(doc.title).toBe('Analyst subscriptions in feedly Cloud');
    expect(doc.outlines).toHaveLength(8);
    expect(doc.outlines[0]).toEqual({
      xmlUrl: 'https://www.nknews.org/feed/',
      title: 'NK News',
      htmlUrl: 'https://www.nknews.org/',
      categories: ['Korea'],
    });
    expect(doc.outlines[4]).toMatchObject({ xmlUrl: 'https://www.sipri.org/rss/combined.xml?lang=en&format=full', categories: ['Defense & Arms'] });
    expect(doc.outlines[5]!.xmlUrl).toBe(doc.outlines[0]!.xmlUrl);
    expect(doc.outlines[6]!.categories).toEqual(['UN', 'Security Council']);
    expect(doc.outlines[7]).toMatchObject({ title: 'Reuters World', categories: [] });
  });

  it('reads an Inoreader export with odd attributes, attribute case and broken outlines', () => {
    const doc = parseOpml(fixture('inoreader-export.xml'));
    expect(doc.outlines.map((o) => o.xmlUrl)).toEqual([
      'https://ofac.treasury.gov/recent-actions/rss.xml',
      'https://www.sanctionsmap.eu/feed.atom',
      'http://www.koreaherald.com/common/rss_xml.php?ct=020200000000',
      'feed://www.dailynk.com/english/feed/',
      'javascript:alert(1)',
      '',
      '/feeds/relative.xml',
    ]);
    // `text` stands in for a missing title, whitespace collapsed, references decoded.
    expect(doc.outlines[1]).toMatchObject({ title: 'EU Sanctions Map', htmlUrl: null, categories: ['Sanctions'] });
    expect(doc.outlines[2]!.title).toBe('Korea Herald — North Korea');
    expect(doc.outlines.find((o) => o.xmlUrl.includes('example.org'))).toBeUndefined();
  });

  it('reads a Miniflux export: OPML 2.0, no type attribute, category attributes', () => {
    const doc = parseOpml(fixture('miniflux-export.opml'));
    expect(doc.title).toBe('Miniflux');
    expect(doc.outlines.map((o) => [o.title, o.categories])).toEqual([
      ['KCNA Watch', ['All']],
      ['Daily NK', ['All']],
      ['CSIS Beyond Parallel', ['Think tanks', 'Korea/Satellite']],
    ]);
  });

  it('decodes bytes by BOM, HTTP charset or XML declaration', () => {
    const latin = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="windows-1252"?><opml version="1.0"><body><outline text="Le Monde '),
      Buffer.from([0xe0, 0x20, 0x93, 0x53, 0xe9, 0x6f, 0x75, 0x6c, 0x94]),
      Buffer.from('" xmlUrl="https://www.lemonde.fr/rss/une.xml"/></body></opml>'),
    ]);
    expect(parseOpml(latin).outlines[0]!.title).toBe('Le Monde à “Séoul”');
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('<opml><body><outline title="연합뉴스" xmlUrl="https://www.yna.co.kr/rss/northkorea.xml"/></body></opml>'),
    ]);
    expect(parseOpml(bom).outlines[0]!.title).toBe('연합뉴스');
  });

  it('tolerates a missing <body>, unclosed outlines and a truncated file', () => {
    expect(parseOpml('<opml><outline xmlUrl="https://a.example/feed">').outlines).toHaveLength(1);
    const truncated =
      '<opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/rss"/><outline text="B" xmlUrl="https://b.example/rss"/><outline text="C" xmlU';
    expect(parseOpml(truncated).outlines.map((o) => o.title)).toEqual(['A', 'B']);
    expect(parseOpml('<opml version="2.0"><head/><body/></opml>')).toEqual({ title: null, outlines: [] });
  });

  it('drops NUL characters, which no stored text may hold', () => {
    const doc = parseOpml('<opml version="2.0"><body><outline text="Daily\u0000 NK" xmlUrl="https://a.example/rss"/></body></opml>');
    expect(doc.outlines[0]).toMatchObject({ title: 'Daily NK', xmlUrl: 'https://a.example/rss' });
  });
});

describe('parseOpml: refusals', () => {
  it('refuses a document that is not OPML with a clear message', () => {
    const refused = (input: string) => {
      try {
        parseOpml(input);
      } catch (error) {
        expect(error).toBeInstanceOf(OpmlError);
        return (error as OpmlError).message;
      }
      throw new Error('accepted');
    };
    expect(refused('<?xml version="1.0"?><rss version="2.0"><channel/></rss>')).toBe('opml: not an OPML document (the root element is <rss>, expected <opml>)');
    expect(refused('<!DOCTYPE html><html><body><p>Hello</p></body></html>')).toMatch(/root element is <html>/);
    expect(refused('{"feeds": ["https://a.example/rss"]}')).toBe('opml: not an OPML document (it is not XML)');
    expect(refused('')).toBe('opml: not an OPML document (it is not XML)');
    expect(refused('<!-- just a comment -->')).toBe('opml: not an OPML document (no elements)');
  });

  it('refuses a billion-laughs document fast', () => {
    const started = performance.now();
    expect(() => parseOpml(fixture('billion-laughs.opml'))).toThrow(OpmlError);
    try {
      parseOpml(fixture('billion-laughs.opml'));
    } catch (error) {
      expect((error as OpmlError).code).toBe('entity-expansion');
      expect((error as Error).message).toMatch(/^opml: .*entity expansion attack\?\)$/);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses a quadratic blowup and absurd nesting', () => {
    const big = 'x'.repeat(50_000);
    const quadratic = `<!DOCTYPE opml [<!ENTITY a "${big}">]><opml><body><outline text="${'&a;'.repeat(100)}" xmlUrl="https://a.example/"/></body></opml>`;
    expect(() => parseOpml(quadratic)).toThrow(/entity expansion attack/);
    const deep = `<opml><body>${'<outline text="x">'.repeat(100_000)}</body></opml>`;
    expect(() => parseOpml(deep)).toThrow('opml: elements nest more than 500 levels deep');
  });
});

describe('checkFeedUrl', () => {
  it('normalizes http(s) URLs and unwraps the feed: pseudo-scheme', () => {
    expect(checkFeedUrl(' https://Example.COM/rss?a=1 ')).toEqual({ ok: true, url: 'https://example.com/rss?a=1' });
    expect(checkFeedUrl('feed://www.dailynk.com/english/feed/')).toEqual({ ok: true, url: 'http://www.dailynk.com/english/feed/' });
    expect(checkFeedUrl('feed:https://a.example/atom')).toEqual({ ok: true, url: 'https://a.example/atom' });
    expect(checkFeedUrl('https://a.example/atom?#top')).toEqual({ ok: true, url: 'https://a.example/atom' });
  });

  it('says why a URL cannot be subscribed', () => {
    expect(checkFeedUrl('')).toEqual({ ok: false, reason: 'the outline has no xmlUrl' });
    expect(checkFeedUrl('/feeds/relative.xml')).toEqual({ ok: false, reason: 'not a valid URL' });
    expect(checkFeedUrl('javascript:alert(1)')).toEqual({ ok: false, reason: 'unsupported scheme "javascript:" (only http and https)' });
    expect(checkFeedUrl('ftp://a.example/feed')).toMatchObject({ ok: false });
    expect(checkFeedUrl(`https://a.example/${'x'.repeat(3000)}`)).toMatchObject({ ok: false, reason: 'longer than 2048 characters' });
  });
});
