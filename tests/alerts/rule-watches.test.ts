import { attachRuleWatches, createChannel, createRule, createWatch, deleteWatch, listRules, setRuleWatches } from '@newswatch/db';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testBackends } from '../support/databases';

describe.each(testBackends())('rules for several watches (%s)', (backend) => {
  it('keeps a several-watch rule narrow as its watches are deleted, and deletes it with the last one', async () => {
    const handle = await createTestDatabase(backend);
    try {
      const { db } = handle;
      const [a, b, c] = await Promise.all(['Alpha', 'Bravo', 'Charlie'].map((name) => createWatch(db, { name, query: name.toLowerCase(), enabled: true })));
      const channel = await createChannel(db, {
        kind: 'webhook',
        name: 'hook',
        config: { url: 'https://hooks.example/x', format: 'json' },
        secret: null,
        rate_limit_per_minute: null,
      });
      const base = { channel_id: channel.id, mode: 'instant' as const, schedule: null, timezone: null, muted_until: null };
      const every = await createRule(db, { ...base, watch_id: null });
      const pair = await createRule(db, { ...base, watch_id: null });
      await setRuleWatches(db, pair.id, [a!.id, b!.id]);
      const trio = await createRule(db, { ...base, watch_id: null });
      await setRuleWatches(db, trio.id, [a!.id, b!.id, c!.id]);
      const single = await createRule(db, { ...base, watch_id: b!.id });

      const coverage = async () => new Map((await attachRuleWatches(db, await listRules(db))).map((r) => [r.id, r.watch_ids]));
      await deleteWatch(db, a!.id);
      let rules = await coverage();
      expect(rules.get(pair.id)).toEqual([b!.id]);
      expect(rules.get(trio.id)?.sort()).toEqual([b!.id, c!.id].sort());

      await deleteWatch(db, b!.id);
      rules = await coverage();
      expect(rules.has(pair.id)).toBe(false); // not widened to "all watches"
      expect(rules.has(single.id)).toBe(false);
      expect(rules.get(trio.id)).toEqual([c!.id]);
      expect(rules.get(every.id)).toBeNull();
    } finally {
      await handle.close();
    }
  });
});
