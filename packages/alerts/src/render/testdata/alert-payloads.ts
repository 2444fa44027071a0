import type { AlertPayload, AlertSpan, AlertStory } from '@newswatch/db';

/*
 * Alert payloads for the channel and rendering tests, modelled on the seed story (DESIGN.md):
 * a title with an emoji and markup-like text, a lede mixing Latin, Hangul and an emoji, spans
 * that overlap, and a match in the article body that no shown field contains.
 */
export const SEED_TITLE = 'Kim Jong Un 🚆 crosses into Russia for talks on arms <sale> & missiles';
export const SEED_SUMMARY =
  'North Korean leader Kim Jong Un (김정은 위원장이) arrived by armoured train; officials discussed the ' +
  'transfer of weapons and supplying rockets and missiles 🚀 in breach of resolutions of the UN Security Council.';

/** A span over the `occurrence`-th appearance of `needle` in `text`, with UTF-16 offsets as the matcher gives them. */
export function spanOf(field: string, text: string, needle: string, occurrence = 0): AlertSpan {
  let start = -1;
  for (let seen = 0; seen <= occurrence; seen += 1) start = text.indexOf(needle, start + 1);
  if (start < 0) throw new Error(`"${needle}" not in "${text}"`);
  return { field, start, end: start + needle.length, text: needle };
}

/** The seed story as an instant alert would carry it. */
export function seedStory(overrides: Partial<AlertStory> = {}): AlertStory {
  return {
    id: 42,
    title: SEED_TITLE,
    url: 'https://news.example.com/2026/11/28/kim-train-russia?utm_source=rss&x=1',
    feedId: 7,
    feedTitle: 'Example News',
    publishedAt: '2026-11-28T08:15:00.000Z',
    clusterId: 9,
    sourcesCount: 3,
    summary: SEED_SUMMARY,
    dashboardUrl: 'https://watch.example.org/stories/42',
    matches: [
      {
        watchId: 1,
        watchName: 'Kim Jong Un',
        spans: [
          spanOf('title', SEED_TITLE, 'Kim Jong Un'),
          spanOf('summary', SEED_SUMMARY, 'Kim Jong Un'),
          spanOf('summary', SEED_SUMMARY, '김정은'),
        ],
      },
      {
        watchId: 2,
        watchName: 'Arms transfers',
        spans: [
          spanOf('title', SEED_TITLE, 'arms <sale>'),
          spanOf('summary', SEED_SUMMARY, 'transfer of weapons'),
          spanOf('summary', SEED_SUMMARY, 'supplying rockets and missiles'),
          // Overlaps the span above and ends after the emoji: the two merge into one mark.
          spanOf('summary', SEED_SUMMARY, 'rockets and missiles 🚀'),
        ],
      },
      {
        watchId: 3,
        watchName: 'UN resolutions',
        spans: [
          spanOf('summary', SEED_SUMMARY, 'resolutions of the UN Security Council'),
          { field: 'content', start: 1200, end: 1235, text: 'Security Council resolution 2397' },
        ],
      },
    ],
    ...overrides,
  };
}

/** An instant alert for the seed story. */
export function storyAlert(overrides: Partial<AlertStory> = {}): AlertPayload {
  return { type: 'story.matched', ruleId: 5, story: seedStory(overrides) };
}

/** A digest of `count` stories in the 08:00–09:00 UTC window. */
export function digestAlert(count: number): AlertPayload {
  const stories = Array.from({ length: count }, (_, index) =>
    seedStory({ id: 100 + index, dashboardUrl: `https://watch.example.org/stories/${100 + index}` }),
  );
  return { type: 'digest', ruleId: 6, windowStart: '2026-11-28T08:00:00.000Z', windowEnd: '2026-11-28T09:00:00.000Z', stories };
}

/** What "send test" enqueues. */
export function testAlert(): AlertPayload {
  return { type: 'test', channelId: 3, message: 'Hello from newswatch: this channel works.' };
}

/** A spike of a watch whose name holds markup, with two of its stories (one without a link). */
export function spikeAlert(): AlertPayload {
  return {
    type: 'watch.spike',
    ruleId: 7,
    watchId: 2,
    watchName: 'Arms <!channel> @everyone & co',
    window: 'hour',
    count: 14,
    baseline: 2,
    factor: 3,
    startedAt: '2026-11-28T08:15:00.000Z',
    dashboardUrl: 'https://watch.example.org/?watch=2',
    message: 'Watch "Arms <!channel> @everyone & co": 14 matches in the last hour, 7× its usual 2 an hour',
    stories: [
      { id: 41, title: 'Shells <b>shipped</b> by rail', url: 'https://news.example/41', feedTitle: 'Wire', publishedAt: '2026-11-28T08:10:00.000Z', dashboardUrl: 'https://watch.example.org/stories/41' },
      { id: 42, title: 'Second report', url: null, feedTitle: null, publishedAt: '2026-11-28T08:05:00.000Z', dashboardUrl: null },
    ],
  };
}
