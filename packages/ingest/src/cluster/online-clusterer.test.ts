import { describe, expect, it } from 'vitest';
import { OnlineClusterer } from './online-clusterer';

describe('OnlineClusterer', () => {
  it('keeps two events that share only a multi-word name apart, even on a nearly empty archive', () => {
    const clusterer = new OnlineClusterer();
    const brief = (title: string, minutes: number) =>
      clusterer.add({
        source: 'Keys Wire',
        canonicalUrl: null,
        title,
        summary: '.',
        content: '',
        publishedAt: new Date(Date.UTC(2026, 11, 1, 9, minutes)),
      });
    const factory = brief('Kim Jong Un inspects a missile factory', 0);
    brief('UN Security Council resolution on sanctions', 20);
    const delegation = brief('Kim Jong Un meets a delegation', 40);
    expect(delegation.clusterId).not.toBe(factory.clusterId);
    expect(delegation.reason).toBe('new');
    // The name and two more words in common: the same event under a new headline.
    const rewrite = brief('Kim Jong Un tours missile factory', 60);
    expect(rewrite).toEqual({ clusterId: factory.clusterId, reason: 'similar' });
  });
});
