import {
  countWatchMatchesBetween,
  endWatchSpikes,
  latestMatchId,
  listOpenSpikes,
  listRulesByMode,
  listStories,
  listWatches,
  raiseSpikePeak,
  startWatchSpike,
  type AlertPayload,
  type Database,
  type Kysely,
  type RuleWithWatches,
  type SpikeStory,
  type SpikeWindow,
} from '@newswatch/db';
import { describeSpike, isSpike, SPIKE_BASELINE_WINDOWS, SPIKE_DEFAULTS, SPIKE_WINDOW_MS, type SpikeRate } from './spike-policy';

/** New matches are looked at no more often than this… */
export const SPIKE_CHECK_MIN_MS = 5_000;
/** …and every spike rule is checked at least this often: a spike ends as time passes, with no new match. */
export const SPIKE_CHECK_MAX_MS = 60_000;
/** Stories named in a spike alert. */
const SPIKE_STORIES = 5;

/**
 * Spike rules, checked on the dispatcher's tick: for each watch a rule covers, its matches in
 * the last hour (or 24 hours) against its average per window over the windows before (see
 * {@link SPIKE_BASELINE_WINDOWS}), by publication time. A watch crossing the threshold opens an
 * episode and queues one alert; the episode stays open, alerting nothing more, until the count
 * falls back under the threshold — the next crossing is a new episode and a new alert. Episodes
 * live in the database (one open per rule and watch), so any number of dispatchers, restarted
 * or not, send each alert once. Runs within seconds of new matches, and every minute anyway.
 */
export class SpikeScheduler {
  #lastRun = Number.NEGATIVE_INFINITY;
  #lastMatchId: number | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly publicUrl: string | null,
    private readonly intervals = { minMs: SPIKE_CHECK_MIN_MS, maxMs: SPIKE_CHECK_MAX_MS },
  ) {}

  /** Checks the spike rules when new matches arrived or the longest interval passed; returns the alerts queued. */
  async enqueueDue(now = new Date()): Promise<number> {
    const elapsed = now.getTime() - this.#lastRun;
    if (elapsed < this.intervals.minMs) return 0;
    const latest = await latestMatchId(this.db);
    if (elapsed < this.intervals.maxMs && latest === this.#lastMatchId) return 0;
    this.#lastRun = now.getTime();
    this.#lastMatchId = latest;
    return this.check(now);
  }

  /** Checks every spike rule now: opens (and alerts) new spikes, ends finished ones; returns the alerts queued. */
  async check(now = new Date()): Promise<number> {
    const rules = await listRulesByMode(this.db, 'spike');
    const open = await listOpenSpikes(this.db);
    if (rules.length === 0 && open.length === 0) return 0;
    const watches = await listWatches(this.db);
    const names = new Map(watches.map((w) => [w.id, w.name]));
    const enabled = watches.filter((w) => w.enabled).map((w) => w.id);
    const openByKey = new Map(open.map((s) => [`${s.rule_id} ${s.watch_id}`, s]));
    const checked = new Set<string>();
    const ended: number[] = [];
    let started = 0;
    for (const rule of rules) {
      const window = rule.spike_window ?? SPIKE_DEFAULTS.window;
      const factor = rule.spike_factor ?? SPIKE_DEFAULTS.factor;
      const minCount = rule.spike_min_count ?? SPIKE_DEFAULTS.minCount;
      const ids = (rule.watch_ids ?? enabled).filter((id) => names.has(id));
      const rates = await this.#measure(ids, window, now);
      for (const watchId of ids) {
        const key = `${rule.id} ${watchId}`;
        checked.add(key);
        const rate = rates.get(watchId)!;
        const episode = openByKey.get(key);
        const spiking = isSpike(rate, factor, minCount);
        if (spiking && !episode && (await this.#start(rule, watchId, names.get(watchId)!, window, factor, rate, now))) started++;
        else if (spiking && episode && rate.count > episode.peak_count) await raiseSpikePeak(this.db, episode.id, rate.count);
        else if (!spiking && episode) ended.push(episode.id);
      }
    }
    // A rule switched off or deleted, or a watch it no longer covers: that spike is over for it.
    for (const spike of open) if (!checked.has(`${spike.rule_id} ${spike.watch_id}`)) ended.push(spike.id);
    await endWatchSpikes(this.db, ended, now);
    return started;
  }

  /** Each watch's count in the window ending now, and its average over the windows before. */
  async #measure(watchIds: number[], window: SpikeWindow, now: Date): Promise<Map<number, SpikeRate>> {
    const length = SPIKE_WINDOW_MS[window];
    const windows = SPIKE_BASELINE_WINDOWS[window];
    const start = new Date(now.getTime() - length);
    const [current, before] = await Promise.all([
      countWatchMatchesBetween(this.db, watchIds, start, now),
      countWatchMatchesBetween(this.db, watchIds, new Date(start.getTime() - windows * length), start),
    ]);
    return new Map(watchIds.map((id) => [id, { count: current.get(id) ?? 0, baseline: (before.get(id) ?? 0) / windows }]));
  }

  async #start(rule: RuleWithWatches, watchId: number, watchName: string, window: SpikeWindow, factor: number, rate: SpikeRate, now: Date): Promise<boolean> {
    const stories = await listStories(this.db, { watchId, since: new Date(now.getTime() - SPIKE_WINDOW_MS[window]), until: now, limit: SPIKE_STORIES });
    const payload: AlertPayload = {
      type: 'watch.spike',
      ruleId: rule.id,
      watchId,
      watchName,
      window,
      count: rate.count,
      baseline: rate.baseline,
      factor,
      startedAt: now.toISOString(),
      dashboardUrl: this.#link(`/?watch=${watchId}`),
      message: describeSpike(watchName, window, rate),
      stories: stories.map(
        (s): SpikeStory => ({
          id: s.id,
          title: s.title,
          url: s.url,
          feedTitle: s.feed_title,
          publishedAt: new Date(s.published_at).toISOString(),
          dashboardUrl: this.#link(`/stories/${s.id}`),
        }),
      ),
    };
    const episode = await startWatchSpike(
      this.db,
      {
        rule_id: rule.id,
        watch_id: watchId,
        spike_window: window,
        started_at: now,
        ended_at: null,
        count: rate.count,
        baseline: rate.baseline,
        peak_count: rate.count,
      },
      () => ({
        rule_id: rule.id,
        channel_id: rule.channel_id,
        cluster_id: null,
        window_start: new Date(now.getTime() - SPIKE_WINDOW_MS[window]),
        window_end: now,
        payload,
        lease_owner: null,
        lease_until: null,
        last_error: null,
        last_status_code: null,
        sent_at: null,
      }),
    );
    return episode !== null;
  }

  #link(path: string): string | null {
    return this.publicUrl ? new URL(path, this.publicUrl).toString() : null;
  }
}
