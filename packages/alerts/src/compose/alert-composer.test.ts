import type { Cluster, Story } from '@newswatch/db';
import { describe, expect, it } from 'vitest';
import { SEED_SUMMARY, SEED_TITLE } from '../render/testdata/alert-payloads';
import { createAlertComposer } from './alert-composer';

const story: Story = {
  id: 42,
  feed_id: 7,
  dedupe_key: 'guid:kim-train',
  guid: 'kim-train',
  url: 'https://news.example.com/2026/11/28/kim-train-russia',
  canonical_url: 'https://news.example.com/2026/11/28/kim-train-russia',
  title: SEED_TITLE,
  summary_text: '',
  content_html: '',
  content_text: `${SEED_SUMMARY} ${'More of the article. '.repeat(40)}`,
  author: null,
  language: 'en',
  published_at: new Date('2026-11-28T08:15:00Z'),
  fetched_at: new Date('2026-11-28T08:16:00Z'),
  content_hash: 'hash',
  cluster_id: 9,
};
const cluster = { id: 9, sources_count: 3 } as Cluster;

describe('createAlertComposer', () => {
  it('composes an instant alert: the lede cut at 500 characters, each span with its words, a link back to the story', () => {
    const title = SEED_TITLE.indexOf('Kim Jong Un');
    const content = story.content_text.indexOf('transfer of weapons');
    const hits = [
      {
        watchId: 1,
        spans: [
          { field: 'title', start: title, end: title + 11 },
          { field: 'content', start: content, end: content + 19 },
        ],
      },
    ];
    const payload = createAlertComposer('https://watch.example.org/').storyMatched(5, story, 'Example News', cluster, hits, () => 'Arms transfers');
    expect(payload).toMatchObject({
      type: 'story.matched',
      ruleId: 5,
      story: {
        id: 42,
        feedTitle: 'Example News',
        publishedAt: '2026-11-28T08:15:00.000Z',
        clusterId: 9,
        sourcesCount: 3,
        dashboardUrl: 'https://watch.example.org/stories/42',
        matches: [{ watchId: 1, watchName: 'Arms transfers', spans: [{ text: 'Kim Jong Un' }, { text: 'transfer of weapons' }] }],
      },
    });
    expect(payload.story.summary).toHaveLength(500);
    expect(payload.story.summary.endsWith('…')).toBe(true);
    expect(createAlertComposer(null).storyMatched(5, story, null, cluster, hits, () => 'x').story.dashboardUrl).toBeNull();
  });

  it('composes a feed-health alert only once the failure has lasted the rule’s threshold', () => {
    const { feedFailing } = createAlertComposer(null);
    const feed = { id: 3, title: null, url: 'https://wire.example/rss' };
    const since = new Date('2026-11-28T00:00:00Z');
    expect(feedFailing({ id: 1, failing_hours: 6 }, feed, since, 'HTTP 503', new Date('2026-11-28T05:59:00Z'))).toBeNull();
    expect(feedFailing({ id: 1, failing_hours: 6 }, feed, since, 'HTTP 503', new Date('2026-11-28T06:30:00Z'))).toEqual({
      type: 'feed.failing',
      ruleId: 1,
      feedId: 3,
      feedTitle: null,
      feedUrl: 'https://wire.example/rss',
      failingSince: '2026-11-28T00:00:00.000Z',
      lastError: 'HTTP 503',
      message: 'Feed "https://wire.example/rss" has been failing for 6 h: HTTP 503',
    });
    expect(feedFailing({ id: 1, failing_hours: null }, feed, since, null, new Date('2026-12-01T00:00:00Z'))?.message).toBe(
      'Feed "https://wire.example/rss" has been failing for 3 days',
    );
  });
});
