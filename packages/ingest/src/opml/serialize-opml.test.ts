import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOpml } from './parse-opml';
import { serializeOpml } from './serialize-opml';

const when = new Date('2026-11-28T12:00:00Z');

describe('serializeOpml', () => {
  it('writes OPML 2.0 with text and title on every feed, folders by first category', () => {
    const xml = serializeOpml({
      title: 'newswatch subscriptions',
      dateCreated: when,
      outlines: [
        { xmlUrl: 'https://a.example/rss', title: 'A', htmlUrl: 'https://a.example/', categories: ['Korea'] },
        { xmlUrl: 'https://b.example/rss', title: null, htmlUrl: null },
        { xmlUrl: 'https://c.example/rss', title: 'C', htmlUrl: null, categories: ['Korea', 'Extra'] },
      ],
    });
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>newswatch subscriptions</title>
    <dateCreated>Sat, 28 Nov 2026 12:00:00 GMT</dateCreated>
  </head>
  <body>
    <outline text="Korea" title="Korea">
      <outline type="rss" text="A" title="A" xmlUrl="https://a.example/rss" htmlUrl="https://a.example/"/>
      <outline type="rss" text="C" title="C" xmlUrl="https://c.example/rss"/>
    </outline>
    <outline type="rss" text="https://b.example/rss" title="https://b.example/rss" xmlUrl="https://b.example/rss"/>
  </body>
</opml>
`);
  });

  it('escapes markup, quotes, ampersands and newlines, and drops characters XML cannot hold', () => {
    const title = 'Tom & Jerry\'s "<News>"\nline two\u0001\uD800';
    const url = 'https://a.example/rss?x=1&y="2"';
    const xml = serializeOpml({ title: 'T & <T>', dateCreated: when, outlines: [{ xmlUrl: url, title, htmlUrl: null }] });
    expect(xml).toContain('<title>T &amp; &lt;T&gt;</title>');
    expect(xml).toContain('text="Tom &amp; Jerry\'s &quot;&lt;News&gt;&quot;&#10;line two"');
    const back = parseOpml(xml);
    expect(back.title).toBe('T & <T>');
    expect(back.outlines[0]!.xmlUrl).toBe(url);
  });

  it('round-trips a real-world export: same feeds, titles, site links and first folder', () => {
    const original = parseOpml(readFileSync(new URL('./testdata/feedly-export.opml', import.meta.url)));
    const again = parseOpml(serializeOpml({ title: original.title ?? '', dateCreated: when, outlines: original.outlines }));
    expect(again.title).toBe(original.title);
    expect(again.outlines.map((o) => ({ ...o, categories: o.categories.slice(0, 1) }))).toEqual(
      [...original.outlines]
        .map((o) => ({ ...o, categories: o.categories.slice(0, 1) }))
        // Grouping moves a folder's later members up to its first one; compare as sets per folder.
        .sort((a, b) => order(a.categories[0]) - order(b.categories[0])),
    );
    function order(folder: string | undefined) {
      return original.outlines.findIndex((o) => o.categories[0] === folder);
    }
  });
});
