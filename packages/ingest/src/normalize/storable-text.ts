import type { ParsedFeed, ParsedItem } from '../parse/parsed-feed';

/*
 * Characters PostgreSQL refuses in text: U+0000 ("invalid byte sequence for encoding UTF8:
 * 0x00") and UTF-16 surrogates without their pair, which have no UTF-8 form at all. With the
 * `u` flag a well-formed pair is one code point above U+FFFF, so only lone halves match here.
 * One such character in one item failed the whole feed's INSERT, so none may reach storage.
 */
const UNSTORABLE = /[\u0000\ud800-\udfff]/u;
const UNSTORABLE_ALL = /[\u0000\ud800-\udfff]/gu;

/** `text` without the characters PostgreSQL cannot store in a text column (NUL, lone surrogates). */
export function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, '') : text;
}

function storableOrNull(text: string | null): string | null {
  return text === null ? null : storableText(text);
}

function storableItem(item: ParsedItem): ParsedItem {
  return {
    ...item,
    guid: storableOrNull(item.guid),
    link: storableOrNull(item.link),
    title: storableOrNull(item.title),
    summary: storableOrNull(item.summary),
    content: storableOrNull(item.content),
    author: storableOrNull(item.author),
    language: storableOrNull(item.language),
    categories: item.categories.map(storableText),
    enclosures: item.enclosures.map((e) => ({ ...e, url: storableText(e.url), type: storableOrNull(e.type) })),
  };
}

/**
 * A parsed feed whose every string — the feed's title, links and language, each item's
 * fields — can be stored: what a feed sends is not always text PostgreSQL accepts, and a
 * stray NUL in one title must not cost the feed its other items.
 */
export function storableFeed(feed: ParsedFeed): ParsedFeed {
  return {
    ...feed,
    title: storableOrNull(feed.title),
    link: storableOrNull(feed.link),
    language: storableOrNull(feed.language),
    hubUrl: storableOrNull(feed.hubUrl),
    selfUrl: storableOrNull(feed.selfUrl),
    warnings: feed.warnings.map(storableText),
    items: feed.items.map(storableItem),
  };
}
