import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeFeedBody } from '../decode/decode-body';
import { parseFeed } from '../parse/parse-feed';
import { normalizeItems } from './normalize-item';

/*
 * 38 feeds saved from real publishers (../shared/corpus/realworld from the repo root; see
 * its README). No expected outputs exist, so this checks what a reader would notice:
 * every file parses, titles are text, links absolute, dates real, and no character is
 * garbled. Skips with a message when the corpus is not checked out beside the repo.
 */
const CORPUS = fileURLToPath(new URL('../../testdata/realworld/', import.meta.url));
const HAVE_CORPUS = existsSync(`${CORPUS}manifest.jsonl`);
if (!HAVE_CORPUS) console.warn(`real-world feed corpus not found at ${CORPUS}; skipping`);

const FEED_URL = 'https://feeds.example.net/feed';
const NOW = new Date('2026-01-01T00:00:00Z');
/* U+FFFD, C1 controls, and UTF-8 read as windows-1252 ("Ã©", "Â ", "â€™"). */
const GARBLED = /\uFFFD|[\u0080-\u009F]|Ã[\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u2122]|Â[\u00A0-\u00BF]|â€/;

/* Files where a missing item or date is the publisher's, not ours. */
const NO_ITEMS: Record<string, string> = { 'reuters-most-read-invalid.xml': 'truncated before its first <item>' };
const NO_DATES: Record<string, string> = {
  'heise-online-rss090.rdf': 'RSS 0.90 has no item dates',
  'heise-online-rss090-2.rdf': 'RSS 0.90 has no item dates',
  'tjrs-br-rss091-iso-8859-1.xml': 'the item has no pubDate',
};

/* Titles that only come out right when the charset was guessed right. */
const TITLES: Record<string, string> = {
  'jornaldenoticias-pt-iso-8859-1.rss': 'Jornal de Notícias - Últimas Notícias',
  'inovacaotecnologica-br-iso-8859-1.xml': 'RSS Feed do Site Inovação Tecnológica',
  'oren-ru-windows-1251.xml': 'Новости Оренбурга и области / Раздел Новости',
  'kc0011-gb2312.rss': '投资资讯网交易在线--流通纪念币最新20篇论坛主题-全文',
  'spiegel-update-de.xml': 'SPIEGEL Update – Die Nachrichten',
};

const files = HAVE_CORPUS
  ? readdirSync(CORPUS)
      .filter((name) => /\.(rss|xml|rdf|atom)$/.test(name))
      .sort()
  : [];

describe.skipIf(!HAVE_CORPUS)('real-world feeds', () => {
  it('has the 38 files of the manifest', () => {
    expect(files).toHaveLength(38);
  });

  it.each(files)('%s parses into clean, absolute, dated items', async (file) => {
    const decoded = decodeFeedBody(readFileSync(CORPUS + file), null);
    const feed = await parseFeed(decoded.text, FEED_URL);
    const items = normalizeItems(feed, FEED_URL, NOW);

    expect(feed.title?.trim()).toBeTruthy();
    expect(feed.title).not.toMatch(GARBLED);
    if (TITLES[file]) expect(feed.title).toBe(TITLES[file]);
    if (NO_ITEMS[file]) expect(items).toEqual([]);
    else expect(items.length).toBeGreaterThan(0);

    for (const item of items) {
      expect(item.title.trim()).not.toBe('');
      expect(item.title).not.toMatch(/<\/?[a-z][a-z0-9]*[\s>/]|&(#\d+|[a-z]+);/i);
      for (const text of [item.title, item.summaryText, item.contentText, item.author ?? '']) {
        expect(text).not.toMatch(GARBLED);
      }
      expect(item.url).toMatch(/^https?:\/\/[^/\s]+/);
      expect(item.canonicalUrl).toMatch(/^https?:\/\//);
      expect(item.publishedAt.getTime()).toBeGreaterThan(Date.UTC(2000, 0, 1));
      expect(item.publishedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(item.contentHtml).not.toMatch(/<script|<iframe|\son\w+=|javascript:/i);
    }
    if (!NO_DATES[file]) {
      const undated = feed.items.filter((item) => !item.published && !item.updated && (item.title || item.link));
      expect(undated.map((item) => item.title)).toEqual([]);
    }
  });
});
