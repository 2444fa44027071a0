import { describe, expect, it } from 'vitest';
import { FeedRow, inFuture, type FeedRowView } from './feed-row';

const now = new Date('2026-11-28T12:00:00Z');
const base: FeedRowView = {
  id: 7,
  title: 'Wire',
  url: 'https://wire.example/rss',
  siteUrl: 'https://wire.example/',
  enabled: true,
  lastStatus: 200,
  lastError: null,
  failingSince: null,
  lastFetchedAt: new Date('2026-11-28T11:50:00Z'),
  lastSuccessAt: new Date('2026-11-28T11:50:00Z'),
  consecutiveFailures: 0,
  nextPollAt: new Date('2026-11-28T12:20:00Z'),
  polling: false,
  storiesCount: 12,
};
const render = async (props: Parameters<typeof FeedRow>[0]) => String(await (<FeedRow {...props} />).toString());

describe('FeedRow', () => {
  it('shows a healthy feed with its schedule and volume', async () => {
    const html = await render({ feed: base, csrfToken: 't', now });
    expect(html).toContain('class="feed-row feed-ok"');
    expect(html).toContain('in 20 min');
    expect(html).toContain('10 min ago');
    expect(html).toContain('<td class="num">12</td>');
    expect(html).not.toContain('hx-get');
  });

  it('shows a failing feed in red with its error, escaped', async () => {
    const html = await render({
      feed: { ...base, consecutiveFailures: 3, failingSince: new Date('2026-11-28T09:00:00Z'), lastError: 'HTTP 503 <Service Unavailable>', lastStatus: 503 },
      csrfToken: 't',
      now,
    });
    expect(html).toContain('feed-failing');
    expect(html).toContain('Failing');
    expect(html).toContain('3 h ago');
    expect(html).toContain('HTTP 503 &lt;Service Unavailable&gt;');
    expect(html).toContain('<td class="num status-error">3</td>');
  });

  it('never links a site URL that is not http(s)', async () => {
    const html = await render({ feed: { ...base, siteUrl: 'javascript:alert(1)' }, csrfToken: 't', now });
    expect(html).not.toContain('javascript:');
  });

  it('follows up on itself only after an action, while due, a bounded number of times', async () => {
    const due = { ...base, nextPollAt: new Date('2026-11-28T11:59:00Z') };
    expect(await render({ feed: due, csrfToken: 't', now })).not.toContain('hx-get');
    expect(await render({ feed: due, csrfToken: 't', now, followUp: 0, flash: 'Refresh queued.' })).toContain('hx-get="/feeds/7/row?n=1"');
    expect(await render({ feed: due, csrfToken: 't', now, followUp: 15 })).not.toContain('hx-get');
    expect(await render({ feed: base, csrfToken: 't', now, followUp: 3 })).not.toContain('hx-get');
    expect(await render({ feed: { ...base, enabled: false }, csrfToken: 't', now })).toContain('feed-disabled');
  });

  it('says when the next poll is', () => {
    expect([30, 90, 3600 * 5, 86_400 * 3].map(inFuture)).toEqual(['in < 1 min', 'in 2 min', 'in 5 h', 'in 3 d']);
  });
});
