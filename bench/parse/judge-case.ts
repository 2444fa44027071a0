import { htmlToText, type ParsedFeed } from '@newswatch/ingest';
import { Parser } from 'htmlparser2';

/*
 * How a feedparser conformance case is judged: the rules of
 * packages/ingest/src/parse/parse-feed.conformance.test.ts, restated here because a bench
 * may not import a package's tests. Keep the two in step: a case is right here exactly
 * when it passes there (that test's list of deliberately unfollowed cases aside).
 */

/** One expectation of a case in the corpus's cases.jsonl. */
export interface Expectation {
  path: string;
  op: '==' | 'in' | 'absent' | 'exists' | 'length';
  value: unknown;
  text?: string;
  optional?: boolean;
  alt_paths?: string[];
}

/** One line of the corpus's cases.jsonl. */
export interface Case {
  file: string;
  folder: string;
  format: 'rss' | 'atom' | 'rdf' | 'unknown';
  kind: 'fields' | 'smoke';
  expect: Expectation[];
  http?: { url: string; headers: Record<string, string> };
}

const FEED_DATE_FIELDS = new Set(['feed.published', 'feed.updated']);

/** The expectations of `c` that `feed` does not meet, each as "path: why"; [] when the case is right. */
export function judgeCase(c: Case, feed: ParsedFeed): { path: string; why: string }[] {
  const wrong: { path: string; why: string }[] = [];
  for (const e of c.expect) {
    if (e.optional && FEED_DATE_FIELDS.has(e.path)) continue;
    const results = [e.path, ...(e.alt_paths ?? [])].map((path) => check(feed, path, e));
    if (!results.some((r) => r === null)) wrong.push({ path: e.path, why: results[0] as string });
  }
  return wrong;
}

/** The base URL a case's document is parsed against, as feedparser's HTTP runner sets it. */
export function baseUrlOf(c: Case): string {
  const documentUrl = c.http?.url ?? '';
  const location = c.http?.headers['Content-Location'];
  if (!location) return documentUrl;
  try {
    const url = new URL(location, documentUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : documentUrl;
  } catch {
    return documentUrl;
  }
}

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

/* Titles as text, HTML compared semantically, URLs after WHATWG normalization. */
function same(path: string, actual: unknown, expected: unknown, text: string | undefined): boolean {
  if (actual instanceof Date) return isoSeconds(actual) === expected;
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
