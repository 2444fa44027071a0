import { describe, expect, it } from 'vitest';
import { createWatch, deleteFeed, type Feed } from '@newswatch/db';
import { testBackends } from '../support/databases';
import { createInstantWebhookRule } from '../support/instant-rule';
import { normalizedItem } from '../support/normalized-item';
import { outletsOnFreshDatabase } from '../support/outlet-store';

/*
 * Deleting a feed deletes its stories; a cluster they alone made up is then empty. Its profile
 * must go out of placement with them: on a young database the words two unrelated deals share
 * ("deal signed") weigh enough to join a new story to the empty cluster — whose alert was sent
 * for the deleted story, so the new story's event would never alert.
 */
describe.each(testBackends())('a deleted feed’s clusters on %s', (backend) => {
  const outlets = outletsOnFreshDatabase(backend, ['a', 'b']);

  it('take no new story once their last story is gone: the next deal starts its own cluster and alerts', async () => {
    const [a, b] = outlets.feeds as [Feed, Feed];
    const watch = await createWatch(outlets.db, { name: 'deals', query: 'deal signed' });
    const rule = await createInstantWebhookRule(outlets.db, watch.id, 'deals hook');
    const alertedClusters = async () =>
      (await outlets.db.selectFrom('deliveries').select('cluster_id').where('rule_id', '=', rule.id).orderBy('id').execute()).map((d) => d.cluster_id);
    const clusterOf = async (guid: string) =>
      (await outlets.db.selectFrom('stories').select('cluster_id').where('guid', '=', guid).executeTakeFirstOrThrow()).cluster_id;

    /** `feed`'s story `key`, its own article. */
    const storeStory = (feed: Feed, key: string, title: string, summary: string) =>
      outlets.store([{ feed, items: [normalizedItem({ key, url: `https://outlet-${feed.id}.test/${key}`, title, summary })] }]);

    await storeStory(a, 'veltrane', 'Veltrane pipeline deal signed', 'A veltrane pipeline deal.');
    const emptied = await clusterOf('veltrane');
    expect(await alertedClusters()).toEqual([emptied]);
    await deleteFeed(outlets.db, a.id);

    await storeStory(b, 'tessaline', 'Tessaline supply deal signed', 'A three-year tessaline deal.');
    const started = await clusterOf('tessaline');
    expect(started).not.toBe(emptied);
    expect(await alertedClusters()).toEqual([emptied, started]);
  });
});
