import { createHash } from 'node:crypto';
import { htmlToText } from '../parse/html-to-text';
import type { ParsedFeed, ParsedItem } from '../parse/parsed-feed';
import { resolveUrl } from '../parse/resolve-url';
import { canonicalizeUrl } from './canonical-url';
import { sanitizeContent } from './sanitize-content';
import { storableFeed } from './storable-text';

/** One feed item ready to store and match: absolute URLs, UTC date, text and safe HTML. */
export interface NormalizedItem {
  /** Identity within the feed: `guid:<guid>`, else `url:<canonical url>`, else `hash:<sha256>`. */
  dedupeKey: string;
  guid: string | null;
  /** Absolute http(s) URL of the article as the feed gives it (other schemes are dropped). */
  url: string | null;
  /** {@link canonicalizeUrl} of `url`: for recognizing one article across feeds. */
  canonicalUrl: string | null;
  /** Plain text, never empty. */
  title: string;
  /** Plain text of the summary (or the start of the content when there is none). */
  summaryText: string;
  /** Sanitized HTML for display (content, else summary). */
  contentHtml: string;
  /** Plain text of the content (else the summary), paragraphs separated by "\n". */
  contentText: string;
  author: string | null;
  language: string | null;
  /** UTC; the fetch time when the feed gives no date or one in the future. */
  publishedAt: Date;
  /** sha256 (hex) of title, summary text and content text: changes when the item is edited. */
  contentHash: string;
}

/* Publishers' clocks drift and some pre-date items; beyond this an item "from the future"
   would sit on top of every list until that time, so it is clamped to now. */
const MAX_FUTURE_MS = 10 * 60 * 1000;
const SUMMARY_FROM_CONTENT_CHARS = 400;
const TITLE_FROM_TEXT_CHARS = 120;

/**
 * Maps a parsed feed's items onto {@link NormalizedItem}s. `feedUrl` resolves links the
 * parser left relative; `now` is the fetch time, used for missing or future dates.
 * Items with no title, link, guid or text (placeholders some generators emit) are
 * dropped: there is nothing to show, match or link to. Characters PostgreSQL cannot store
 * (NUL, lone surrogates) are dropped from every field first (see `storableFeed`).
 */
export function normalizeItems(feed: ParsedFeed, feedUrl: string, now: Date): NormalizedItem[] {
  const storable = storableFeed(feed);
  return storable.items.filter(hasSubstance).map((item) => normalizeItem(item, storable, feedUrl, now));
}

function hasSubstance(item: ParsedItem): boolean {
  if (item.title?.trim() || item.link?.trim() || item.guid?.trim()) return true;
  return htmlToText(item.content ?? item.summary ?? '') !== '';
}

function normalizeItem(item: ParsedItem, feed: ParsedFeed, feedUrl: string, now: Date): NormalizedItem {
  const url = httpUrl(resolveUrl(item.link, feedUrl)) ?? guidAsUrl(item.guid);
  const canonicalUrl = canonicalizeUrl(url);
  const bodyHtml = item.content ?? item.summary ?? '';
  const contentText = htmlToText(bodyHtml, { paragraphs: true });
  const flatContent = contentText.replace(/\n/g, ' ');
  // Without content the body *is* the summary: reuse its text rather than parse it twice.
  const summaryText =
    item.summary === null ? truncate(flatContent, SUMMARY_FROM_CONTENT_CHARS) : item.content === null ? flatContent : htmlToText(item.summary);
  const title = collapse(item.title) ?? (truncate(summaryText || flatContent, TITLE_FROM_TEXT_CHARS) || url || '(untitled)');
  const guid = collapse(item.guid);
  return {
    dedupeKey: guid ? `guid:${guid}` : canonicalUrl ? `url:${canonicalUrl}` : `hash:${sha256(`${title}\n${summaryText}`)}`,
    guid,
    url,
    canonicalUrl,
    title,
    summaryText,
    contentHtml: sanitizeContent(bodyHtml),
    contentText,
    author: collapse(item.author),
    language: collapse(item.language ?? feed.language)?.toLowerCase() ?? null,
    publishedAt: clampDate(item.published ?? item.updated, now),
    contentHash: sha256(`${title}\n${summaryText}\n${contentText}`),
  };
}

function clampDate(date: Date | null, now: Date): Date {
  if (!date || Number.isNaN(date.getTime())) return new Date(now.getTime());
  if (date.getTime() > now.getTime() + MAX_FUTURE_MS) return new Date(now.getTime());
  return new Date(date.getTime());
}

/* A guid that is an absolute http(s) URL is the article's address when no link is given. */
function guidAsUrl(guid: string | null): string | null {
  return guid && /^https?:\/\/\S+$/i.test(guid.trim()) ? resolveUrl(guid, null) : null;
}

/* Only web addresses become links: a feed's `javascript:` or `data:` link must never reach an href. */
function httpUrl(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

function collapse(value: string | null): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}

/** At most `max` characters, cut at a word boundary with an ellipsis. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
