import {
  buildAlertStory,
  deliveryKeyExists,
  enqueueDelivery,
  listDigestEntries,
  listRulesByMode,
  type Database,
  type Kysely,
  type RuleWithWatches,
} from '@newswatch/db';
import { CronExpressionParser } from 'cron-parser';

/** The digest window that most recently closed for a rule: (previous fire, last fire]. */
export function lastClosedWindow(schedule: string, timezone: string, now: Date): { start: Date; end: Date } {
  const expression = CronExpressionParser.parse(schedule, { currentDate: now, tz: timezone });
  const end = expression.prev().toDate();
  const start = expression.prev().toDate();
  return { start, end };
}

/**
 * Enqueues each digest rule's last closed window once: one delivery per (rule, window), keyed
 * by the window's end, holding the clusters its watches matched in that window. An empty
 * window sends nothing; a window that closed before the rule existed is skipped. Windows are
 * computed in the rule's IANA time zone, so "0 8 * * *" in Asia/Seoul is 08:00 in Seoul,
 * daylight saving included.
 */
export class DigestScheduler {
  /** Windows already handled by this process (sent, or empty): not recomputed every tick. */
  #done = new Set<string>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly publicUrl: string | null,
  ) {}

  async enqueueDue(now = new Date()): Promise<number> {
    const rules = await listRulesByMode(this.db, 'digest');
    let enqueued = 0;
    for (const rule of rules) {
      if (!rule.schedule) continue;
      const window = lastClosedWindow(rule.schedule, rule.timezone ?? 'UTC', now);
      if (window.end <= rule.created_at) continue;
      const key = `digest-rule-${rule.id}-${window.end.toISOString()}`;
      if (this.#done.has(key)) continue;
      if (!(await deliveryKeyExists(this.db, key)) && (await this.#enqueue(rule, window, key))) enqueued++;
      this.#done.add(key);
    }
    return enqueued;
  }

  async #enqueue(rule: RuleWithWatches, window: { start: Date; end: Date }, key: string): Promise<boolean> {
    const entries = await listDigestEntries(this.db, rule.watch_ids, window.start, window.end);
    if (entries.length === 0) return false;
    const stories = entries.map((entry) => {
      const names = new Map(entry.matches.map((m) => [m.watch_id, m.watch_name]));
      const cluster = entry.cluster ?? { id: 0, size: 1, sources_count: 1, first_seen_at: entry.story.fetched_at, last_seen_at: entry.story.fetched_at, representative_story_id: entry.story.id };
      const hits = entry.matches.map((m) => ({ watchId: m.watch_id, spans: m.spans }));
      return buildAlertStory(entry.story, entry.story.feed_title, cluster, hits, (id) => names.get(id) ?? `watch ${id}`, this.publicUrl);
    });
    const row = await enqueueDelivery(this.db, {
      rule_id: rule.id,
      channel_id: rule.channel_id,
      cluster_id: null,
      window_start: window.start,
      window_end: window.end,
      payload: { type: 'digest', reason: 'schedule', ruleId: rule.id, windowStart: window.start.toISOString(), windowEnd: window.end.toISOString(), stories },
      idempotency_key: key,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      last_status_code: null,
      sent_at: null,
    });
    return row !== null;
  }
}
