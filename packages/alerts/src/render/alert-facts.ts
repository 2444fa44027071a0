import type { AlertPayload, AlertSpan, AlertStory } from '@newswatch/db';

/** The stories an alert is about: one for an instant alert, all of a digest, none for a test. */
export function alertStories(payload: AlertPayload): AlertStory[] {
  if (payload.type === 'story.matched') return [payload.story];
  if (payload.type === 'digest') return payload.stories;
  return [];
}

/** Every span, across all matching watches, that indexes into `field` of the story. */
export function fieldSpans(story: AlertStory, field: 'title' | 'summary'): AlertSpan[] {
  return story.matches.flatMap((match) => match.spans.filter((span) => span.field === field));
}

/** The names of the watches a story matched, each once, in match order. */
export function watchNames(story: AlertStory): string[] {
  return [...new Set(story.matches.map((match) => match.watchName))];
}

/**
 * The matched words that no highlighted field shows, each once (case-insensitively): a match
 * in the article body or the author cannot be marked in the title or lede, but the reader
 * should still see what made the story match.
 */
export function unshownTerms(story: AlertStory): string[] {
  const seen = new Map<string, string>();
  for (const span of story.matches.flatMap((match) => match.spans)) {
    if (span.field === 'title' || span.field === 'summary') continue;
    const term = span.text.replace(/\s+/g, ' ').trim();
    if (term && !seen.has(term.toLowerCase())) seen.set(term.toLowerCase(), term);
  }
  return [...seen.values()];
}

/**
 * `url` when it is an absolute http(s) URL, else null: feed-supplied links end up in hrefs
 * and chat buttons, where a `javascript:` URL must never go.
 */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The dashboard rules page, where a recipient can mute or remove the rule that sent an alert. */
export function rulesPageUrl(publicUrl: string | null | undefined): string | null {
  const base = safeHttpUrl(publicUrl);
  return base ? `${base.replace(/\/+$/, '')}/rules` : null;
}

/** A UTC timestamp for people: `2026-11-28 08:15 UTC`; the input unchanged when unreadable. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A digest window for people: `2026-11-28 08:00–09:00 UTC`, or both dates when it spans days. */
export function formatWindow(startIso: string, endIso: string): string {
  const start = formatUtc(startIso);
  const end = formatUtc(endIso);
  if (start.slice(0, 10) === end.slice(0, 10) && start.endsWith(' UTC') && end.endsWith(' UTC')) {
    return `${start.slice(0, 16)}–${end.slice(11, 16)} UTC`;
  }
  return `${start} – ${end}`;
}

/** "1 story", "3 stories": a count with its noun. */
export function pluralize(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * Shortens `text` to at most `max` UTF-16 units (the unit chat services count in, or fewer),
 * ending with "…" and never splitting a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** Collapses runs of whitespace (including newlines) to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
