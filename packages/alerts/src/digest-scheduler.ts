import { deliveryKeyExists, enqueueDelivery, listDigestEntries, listRulesByMode, type Database, type Kysely, type RuleWithWatches } from '@newswatch/db';
import { CronExpressionParser } from 'cron-parser';
import { composeStoryAlert } from './compose/story-alert';

/** The digest window that most recently closed for a rule: (previous fire, last fire]. */
export function lastClosedWindow(schedule: string, timezone: string, now: Date): { start: Date; end: Date } {
  const expression = CronExpressionParser.parse(schedule, { currentDate: now, tz: timezone });
  const end = expression.prev().toDate();
  const start = expression.prev().toDate();
  return { start, end };
}

/** How many closed windows a rule may catch up on after downtime (the most recent ones). */
export const MAX_CATCH_UP_WINDOWS = 48;
/**
 * A window is evaluated this long after it closed: an ingest transaction that began before
 * the boundary stamps its matches with its start time, and may commit a moment after it.
 */
export const DIGEST_GRACE_MS = 15_000;

/**
 * The windows of a schedule that closed after `since` and at least DIGEST_GRACE_MS before
 * `now`, oldest first, at most MAX_CATCH_UP_WINDOWS: after a restart every missed window gets
 * its own digest instead of all but the last being lost.
 */
export function closedWindowsSince(schedule: string, timezone: string, since: Date, now: Date): { start: Date; end: Date }[] {
  const expression = CronExpressionParser.parse(schedule, { currentDate: new Date(now.getTime() - DIGEST_GRACE_MS), tz: timezone });
  const ends: Date[] = [];
  for (let i = 0; i <= MAX_CATCH_UP_WINDOWS; i++) {
    const fire = expression.prev().toDate();
    ends.unshift(fire);
    if (fire <= since) break;
  }
  const windows: { start: Date; end: Date }[] = [];
  for (let i = 1; i < ends.length; i++) if (ends[i]! > since) windows.push({ start: ends[i - 1]!, end: ends[i]! });
  return windows;
}

/**
 * Enqueues each digest rule's closed windows once: one delivery per (rule, window), keyed by
 * the window's end, holding the clusters that became alertable for the rule in that window
 * (first matched by its watches, and carried by `minSources` outlets). An empty window sends
 * nothing; windows that closed before the rule existed are skipped; windows missed while no
 * dispatcher ran are caught up (the last 48). Windows are computed in the rule's IANA time
 * zone, so "0 8 * * *" in Asia/Seoul is 08:00 in Seoul, daylight saving included.
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
      for (const window of closedWindowsSince(rule.schedule, rule.timezone ?? 'UTC', rule.created_at, now)) {
        const key = `digest-rule-${rule.id}-${window.end.toISOString()}`;
        if (this.#done.has(key)) continue;
        if (!(await deliveryKeyExists(this.db, key)) && (await this.#enqueue(rule, window, key))) enqueued++;
        this.#done.add(key);
      }
    }
    return enqueued;
  }

  async #enqueue(rule: RuleWithWatches, window: { start: Date; end: Date }, key: string): Promise<boolean> {
    const entries = await listDigestEntries(this.db, rule.watch_ids, window.start, window.end, 200, rule.min_sources);
    if (entries.length === 0) return false;
    const stories = entries.map((entry) => {
      const names = new Map(entry.matches.map((m) => [m.watch_id, m.watch_name]));
      const cluster = entry.cluster ?? {
        id: 0,
        size: 1,
        sources_count: 1,
        first_seen_at: entry.story.fetched_at,
        last_seen_at: entry.story.fetched_at,
        representative_story_id: entry.story.id,
      };
      const hits = entry.matches.map((m) => ({ watchId: m.watch_id, spans: m.spans }));
      return composeStoryAlert(entry.story, entry.story.feed_title, cluster, hits, (id) => names.get(id) ?? `watch ${id}`, this.publicUrl);
    });
    const row = await enqueueDelivery(this.db, {
      rule_id: rule.id,
      channel_id: rule.channel_id,
      cluster_id: null,
      window_start: window.start,
      window_end: window.end,
      payload: { type: 'digest', reason: 'schedule', ruleId: rule.id, windowStart: window.start.toISOString(), windowEnd: window.end.toISOString(), stories },
      idempotency_key: key,
    });
    return row !== null;
  }
}
