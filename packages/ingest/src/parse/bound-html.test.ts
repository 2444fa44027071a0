import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { decodeFeedBody } from '../decode/decode-body';
import { sanitizeContent } from '../normalize/sanitize-content';
import { boundHtml, HTML_BOUNDS } from './bound-html';
import { htmlToText } from './html-to-text';
import { parseFeed } from './parse-feed';

/** The deepest nesting htmlparser2's parser (sanitize-html's) builds from `html`. */
function parsedDepth(html: string): number {
  let depth = 0;
  let max = 0;
  const parser = new Parser({
    onopentag() {
      max = Math.max(max, ++depth);
    },
    onclosetag() {
      depth--;
    },
  });
  parser.end(html);
  return max;
}

/** `fn`'s result and its best time of three runs, in ms: the machine may be busy with other work. */
const timed = <T>(fn: () => T): [T, number] => {
  let best = Infinity;
  let value: T;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    value = fn();
    best = Math.min(best, performance.now() - started);
  }
  return [value!, best];
};

const N = 100_000;
const HOSTILE: Record<string, string> = {
  nested: `${'<div>'.repeat(N)}Deep${'</div>'.repeat(N)}`,
  unclosed: `${'<b>'.repeat(N)}Deep${'</i>'.repeat(N)}`,
  'self-closing': `${'<span/>'.repeat(N)}Deep`,
  'svg title': `<svg>${'<g>'.repeat(N)}<title>${'<div>'.repeat(N)}`,
  'implied closes': `${'<li><ul>'.repeat(N / 2)}Deep`,
};

describe('boundHtml', () => {
  // 10–60 ms each on a quiet 2-core machine; the unbounded sanitizer took 12.9 s. The test
  // allows 10× the 100 ms target so a loaded CI machine does not fail it, and still catches a
  // return of the super-linear cost.
  it.each(Object.keys(HOSTILE))('bounds %s HTML of 100,000 elements: sanitizing and extracting text stay far from the old 12.9 s', (name) => {
    const html = HOSTILE[name]!;
    const [safe, sanitizeMs] = timed(() => sanitizeContent(html));
    const [, textMs] = timed(() => htmlToText(html, { paragraphs: true }));
    expect(sanitizeMs).toBeLessThan(1_000);
    expect(textMs).toBeLessThan(1_000);
    expect(parsedDepth(boundHtml(html))).toBeLessThanOrEqual(HTML_BOUNDS.maxDepth);
    expect(safe.length).toBeLessThanOrEqual(HTML_BOUNDS.maxChars * 2);
  });

  it('keeps the text of the elements it unwraps, and their structure up to the bound', () => {
    const html = '<div><p>One <b><i><u>deep <em>deeper</em></u></i></b> end</p><p>Two</p></div>';
    const bounded = boundHtml(html, { maxDepth: 3, maxChars: 1_000 });
    expect(bounded).toBe('<div><p>One <b>deep deeper</b> end</p><p>Two</p></div>');
    expect(htmlToText(bounded)).toBe(htmlToText(html));
  });

  it('never lets the raw text of an unwrapped script become markup', () => {
    const html = `<div><div><script>if (a < b) document.write("${'<div>'.repeat(50)}")</script>after</div></div>`;
    const bounded = boundHtml(html, { maxDepth: 2, maxChars: 10_000 });
    expect(bounded).toBe('<div><div>after</div></div>');
  });

  it('reads a self-closing element as HTML does, and closes it at once in SVG', () => {
    expect(boundHtml('<p><span/>a</p><svg><path/><path/></svg>x<b><i><u>y', { maxDepth: 2, maxChars: 1_000 })).toBe(
      '<p><span>a</span></p><svg><path></path><path></path></svg>x<b><i>y',
    );
  });

  it('cuts a huge fragment at the size bound without splitting a character', () => {
    const html = `<p>${'😀'.repeat(10)}</p>`;
    const bounded = boundHtml(html, { maxDepth: 10, maxChars: 6 });
    expect(bounded).toBe('<p>😀');
    expect(boundHtml('x'.repeat(HTML_BOUNDS.maxChars + 10))).toHaveLength(HTML_BOUNDS.maxChars);
  });

  it('returns ordinary HTML as it is, however many tags it has', () => {
    const article = Array.from({ length: 400 }, (_, i) => `<p>Paragraph ${i} with <a href="https://e.com/${i}">a link</a> &amp; <br/>a break.</p>`).join('\n');
    expect(boundHtml(article)).toBe(article);
    const list = `<ul>${Array.from({ length: 300 }, (_, i) => `<li>item ${i}`).join('')}</ul><table>${'<tr><td>a<td>b'.repeat(200)}</table>`;
    expect(boundHtml(list)).toBe(list);
  });

  const corpus = fileURLToPath(new URL('../../testdata/realworld/', import.meta.url));
  it.skipIf(!existsSync(corpus))('leaves every item of the real-world corpus unchanged', async () => {
    const files = readdirSync(corpus).filter((name) => /\.(rss|xml|rdf|atom)$/.test(name));
    let checked = 0;
    for (const file of files) {
      const feed = await parseFeed(decodeFeedBody(readFileSync(corpus + file), null).text, 'https://feeds.example.net/feed');
      for (const item of feed.items) {
        for (const html of [item.content, item.summary]) {
          if (html === null) continue;
          expect(boundHtml(html)).toBe(html);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});
