import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { decodeFeedBody } from '../decode/decode-body';
import { htmlToText } from './html-to-text';
import { parseDate } from './parse-date';
import { parseFeed } from './parse-feed';
import type { ParsedFeed } from './parsed-feed';

/*
 * feedparser's own test suite, translated to our field names (see the corpus README).
 * Lives beside the repository (../shared/corpus from the repo root); CI checks it out at
 * the same relative place. Without it these tests skip with a message.
 */
const CORPUS = fileURLToPath(new URL('../../testdata/feedparser/', import.meta.url));
const HAVE_CORPUS = existsSync(`${CORPUS}cases.jsonl`);
if (!HAVE_CORPUS) console.warn(`feedparser conformance corpus not found at ${CORPUS}; skipping`);

/** Cases we deliberately do not follow, each with the reason. */
const NOT_FOLLOWED: Record<string, string> = {
  'illformed/rss_empty_document.xml': 'an empty document is a FeedParseError, so the feed shows "empty document" instead of silently polling nothing',
  'encoding/bozo_linenoise.xml': 'quirk: expects windows-1252 mojibake of invalid UTF-8; we decode it as UTF-8 and repair it',
  'entities/lang.xml': "HTML5 maps &lang; to U+27E8; feedparser keeps HTML 4's deprecated U+2329",
  'entities/rang.xml': "HTML5 maps &rang; to U+27E9; feedparser keeps HTML 4's deprecated U+232A",
  'wellformed/rss/item_description_not_a_doctype.xml':
    'HTML is kept as published; "<!\'" is a bogus comment that sanitize-html removes at normalization, feedparser escapes it',
  'wellformed/base/http_entry_id_base_content_location.xml': 'quirk: an atom:id is an identifier, not a link; resolving it would change guids',
  'wellformed/base/http_entry_id_base_docuri.xml': 'quirk: an atom:id is an identifier, not a link; resolving it would change guids',
  'wellformed/media-rss/item_media_category_multiple.xml': 'quirk: media:category is not an item category for us',
  'wellformed/media-rss/item_media_category_term.xml': 'quirk: media:category is not an item category for us',
  'wellformed/media-rss/item_media_title1.xml': 'quirk: media:title describes the media, not the item',
  'wellformed/rss/item_description_and_summary.xml': 'quirk: feedparser-specific routing of a non-RSS <summary>',
  'wellformed/rss/item_summary_and_description.xml': 'quirk: feedparser-specific routing of a non-RSS <summary>',
  'wellformed/rss/item_madeup_tags_element.xml': 'quirk: the non-standard <tags> element',
};

/** Date-table rows we do not follow: two-digit-year ISO 8601 truncations no feed uses. */
const DATES_NOT_FOLLOWED: Record<string, string> = {
  '-0312': 'ISO 8601:1988 truncated "-YYMM": ambiguous with a negative offset, never seen in feeds',
  '031231': 'two-digit-year basic date: indistinguishable from other digit strings',
  '03-12-31': 'two-digit-year date: ambiguous with DD-MM-YY and MM-DD-YY',
  '-03-12': 'ISO 8601:1988 truncated "-YY-MM": never seen in feeds',
  '03335': 'two-digit-year ordinal date: never seen in feeds',
};

interface Expectation {
  path: string;
  op: '==' | 'in' | 'absent' | 'exists' | 'length';
  value: unknown;
  text?: string;
  optional?: boolean;
  quirk?: boolean;
  alt_paths?: string[];
}

interface Case {
  file: string;
  folder: string;
  kind: 'fields' | 'smoke';
  bozo: boolean | null;
  expect: Expectation[];
  http?: { url: string; headers: Record<string, string> };
}

type Outcome = { status: 'pass' } | { status: 'fail'; why: string } | { status: 'skip'; why: string };

const FEED_DATE_FIELDS = new Set(['feed.published', 'feed.updated']);

async function runCase(c: Case): Promise<Outcome> {
  if (NOT_FOLLOWED[c.file]) return { status: 'skip', why: NOT_FOLLOWED[c.file] as string };
  const bytes = readFileSync(CORPUS + c.file);
  const headers = c.http?.headers ?? {};
  const documentUrl = c.http?.url ?? '';
  // feedparser takes Content-Location (when http/https) as the document's base URL.
  const location = headers['Content-Location'];
  const base = location ? safeBase(location, documentUrl) : documentUrl;
  let feed: ParsedFeed;
  try {
    const decoded = decodeFeedBody(bytes, c.http ? (headers['Content-Type'] ?? 'text/xml') : null);
    feed = await parseFeed(decoded.text, base, { contentLanguage: headers['Content-Language'] ?? null });
  } catch (err) {
    return { status: 'fail', why: `threw: ${(err as Error).message}` };
  }
  for (const e of c.expect) {
    if (e.optional && FEED_DATE_FIELDS.has(e.path)) continue;
    const paths = [e.path, ...(e.alt_paths ?? [])];
    const results = paths.map((path) => check(feed, path, e));
    if (!results.some((r) => r === null)) return { status: 'fail', why: results[0] as string };
  }
  return { status: 'pass' };
}

function safeBase(location: string, documentUrl: string): string {
  try {
    const url = new URL(location, documentUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : documentUrl;
  } catch {
    return documentUrl;
  }
}

/** null when the expectation holds, else why not. */
function check(feed: ParsedFeed, path: string, e: Expectation): string | null {
  const actual = lookup(feed, path);
  switch (e.op) {
    case 'absent':
      return actual === undefined || actual === null ? null : `${path}: expected absent, got ${JSON.stringify(actual)}`;
    case 'exists':
      return actual === undefined || actual === null ? `${path}: expected a value` : null;
    case 'length':
      return Array.isArray(actual) && actual.length === e.value ? null : `${path}: expected length ${String(e.value)}`;
    case 'in':
      return (e.value as unknown[]).some((v) => same(path, actual, v, undefined))
        ? null
        : `${path}: ${JSON.stringify(actual)} not in ${JSON.stringify(e.value)}`;
    case '==':
      return same(path, actual, e.value, e.text) ? null : `${path}: expected ${JSON.stringify(e.value)}, got ${JSON.stringify(actual)}`;
  }
}

function lookup(feed: ParsedFeed, path: string): unknown {
  let current: unknown = feed;
  for (const part of path.replace(/^feed\./, '').split('.')) {
    const m = /^(\w+)(?:\[(\d+)\])?$/.exec(part);
    if (!m || current === null || current === undefined) return undefined;
    current = (current as Record<string, unknown>)[m[1] as string];
    if (m[2] !== undefined) current = Array.isArray(current) ? current[Number(m[2])] : undefined;
  }
  return current;
}

/*
 * Titles are plain text in our model, summaries and content HTML. So a title is compared
 * with the corpus's `text` rendering, and HTML is compared semantically (entity forms
 * and attribute quoting do not matter); when the expected HTML carries URLs the markup
 * itself must match, so URL resolution is really tested.
 */
function same(path: string, actual: unknown, expected: unknown, text: string | undefined): boolean {
  if (actual instanceof Date) return isoSeconds(actual) === expected;
  // We store "no title" as null; an expected title whose text is empty is the same thing.
  if ((actual === null || actual === undefined) && text === '') return true;
  if (typeof expected === 'number' || (path.endsWith('.length') && typeof actual === 'number')) {
    return String(actual) === String(expected);
  }
  if (typeof actual !== 'string' || typeof expected !== 'string') return actual === expected;
  if (actual === expected) return true;
  const field = path
    .replace(/\[\d+\]/g, '')
    .split('.')
    .pop();
  if (field === 'title') return actual === (text ?? collapse(expected));
  if (field === 'link' || field === 'url') return sameUrl(actual, expected);
  if (field === 'summary' || field === 'content') {
    if (canonicalHtml(actual) === canonicalHtml(expected)) return true;
    if (/\s(href|src)=/.test(expected)) return false;
    return collapse(htmlToText(actual)) === (text ?? collapse(expected));
  }
  return false;
}

/** URLs compared after WHATWG normalization: host case and IRI escaping do not matter. */
function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function collapse(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** HTML re-serialized with decoded text and attributes, so `&#38;` ≡ `&amp;` ≡ `&`. */
function canonicalHtml(html: string): string {
  let out = '';
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const list = Object.entries(attrs)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, v]) => ` ${k}=${JSON.stringify(k === 'href' || k === 'src' ? urlForm(v) : v)}`)
          .join('');
        out += `<${name}${list}>`;
      },
      onclosetag(name) {
        out += `</${name}>`;
      },
      ontext(text) {
        out += text;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.end(html);
  return collapse(out);
}

function urlForm(value: string): string {
  try {
    return new URL(value).href;
  } catch {
    return value;
  }
}

const cases: Case[] = HAVE_CORPUS
  ? readFileSync(`${CORPUS}cases.jsonl`, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Case)
  : [];

describe.skipIf(!HAVE_CORPUS)('feedparser conformance corpus', () => {
  it('passes at least 95% of the cases we follow, reported per folder', async () => {
    const perFolder = new Map<string, { pass: number; fail: number; skip: number }>();
    const failures: string[] = [];
    for (const c of cases) {
      const outcome = await runCase(c);
      const row = perFolder.get(c.folder) ?? { pass: 0, fail: 0, skip: 0 };
      row[outcome.status]++;
      perFolder.set(c.folder, row);
      if (outcome.status === 'fail') failures.push(`${c.file}: ${outcome.why}`);
    }
    const table = [...perFolder.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([folder, r]) => ({
        folder,
        passed: r.pass,
        failed: r.fail,
        'not followed': r.skip,
        rate: `${((100 * r.pass) / Math.max(1, r.pass + r.fail)).toFixed(1)}%`,
      }));
    const pass = table.reduce((n, r) => n + r.passed, 0);
    const fail = table.reduce((n, r) => n + r.failed, 0);
    table.push({
      folder: 'TOTAL',
      passed: pass,
      failed: fail,
      'not followed': cases.length - pass - fail,
      rate: `${((100 * pass) / (pass + fail)).toFixed(1)}%`,
    });
    console.table(table);
    if (failures.length > 0) console.log(`failures:\n  ${failures.join('\n  ')}`);
    expect(pass / (pass + fail)).toBeGreaterThanOrEqual(0.95);
  });

  it('every case we do not follow is in the corpus', () => {
    const files = new Set(cases.map((c) => c.file));
    expect(Object.keys(NOT_FOLLOWED).filter((file) => !files.has(file))).toEqual([]);
  });

  it('parses the reasonable rows of the date table', () => {
    const rows = readFileSync(`${CORPUS}dates.jsonl`, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { input: string; expected: string | null; parser: string });
    const wrong = rows
      .filter((row) => !(row.input in DATES_NOT_FOLLOWED))
      .map((row) => {
        const date = parseDate(row.input);
        return { input: row.input, expected: row.expected, got: date ? isoSeconds(date) : null };
      })
      .filter((row) => row.got !== row.expected);
    expect(wrong).toEqual([]);
  });
});
