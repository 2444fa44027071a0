import type { Channel, Delivery, DeliveryAttempt, Feed, MatchWithWatch, RuleWithWatches, StoryListRow, Watch } from '@newswatch/db';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** API shapes: camelCase, ISO dates, numeric ids (the same on both database backends). */
export function feedJson(f: Feed) {
  return {
    id: f.id,
    url: f.url,
    title: f.title,
    siteUrl: f.site_url,
    enabled: f.enabled,
    pollIntervalS: f.poll_interval_s,
    nextPollAt: iso(f.next_poll_at),
    lastStatus: f.last_status,
    lastFetchedAt: iso(f.last_fetched_at),
    lastSuccessAt: iso(f.last_success_at),
    consecutiveFailures: f.consecutive_failures,
    failingSince: iso(f.failing_since),
    lastError: f.last_error,
    createdAt: iso(f.created_at),
    websub: f.websub_hub ? { hub: f.websub_hub, state: f.websub_state, leaseUntil: iso(f.websub_lease_until), error: f.websub_error } : null,
  };
}

export function watchJson(w: Watch) {
  return {
    id: w.id,
    name: w.name,
    query: w.query,
    enabled: w.enabled,
    createdAt: iso(w.created_at),
    updatedAt: iso(w.updated_at),
    lastError: w.last_error,
    lastErrorAt: iso(w.last_error_at),
  };
}

export function storyJson(s: StoryListRow, matches: MatchWithWatch[]) {
  return {
    id: s.id,
    title: s.title,
    url: s.url,
    feedId: s.feed_id,
    feedTitle: s.feed_title,
    publishedAt: iso(s.published_at),
    fetchedAt: iso(s.fetched_at),
    clusterId: s.cluster_id,
    clusterSize: s.cluster_size ?? 1,
    sourcesCount: s.sources_count ?? 1,
    state: s.state,
    author: s.author,
    summary: s.summary_text,
    matches: matches.map((m) => ({
      watchId: m.watch_id,
      watchName: m.watch_name,
      spans: m.spans.map((sp) => ({ field: sp.field, start: sp.start, end: sp.end })),
    })),
  };
}

/** Secrets are shown once at creation; afterwards only a hint of their start. */
export function channelJson(ch: Channel) {
  return {
    id: ch.id,
    kind: ch.kind,
    name: ch.name,
    ...(ch.kind === 'webhook' ? { url: ch.config.url ?? null, format: ch.config.format ?? 'json' } : { to: ch.config.to ?? [] }),
    secretHint: ch.secret ? `${ch.secret.slice(0, 10)}…` : null,
    rateLimitPerMinute: ch.rate_limit_per_minute,
    enabled: ch.enabled,
    createdAt: iso(ch.created_at),
  };
}

export function ruleJson(r: RuleWithWatches) {
  return {
    id: r.id,
    channelId: r.channel_id,
    watchId: r.watch_id,
    /** Every watch the rule covers; null = all watches. */
    watchIds: r.watch_ids,
    mode: r.mode,
    mutePolicy: r.mute_policy,
    failingHours: r.failing_hours,
    schedule: r.schedule,
    timezone: r.timezone,
    mutedUntil: iso(r.muted_until),
    minSources: r.min_sources,
    enabled: r.enabled,
    createdAt: iso(r.created_at),
  };
}

export function deliveryJson(d: Delivery & { channel_name?: string }, attempts: DeliveryAttempt[] = []) {
  return {
    id: d.id,
    ruleId: d.rule_id,
    channelId: d.channel_id,
    channelName: d.channel_name ?? null,
    clusterId: d.cluster_id,
    idempotencyKey: d.idempotency_key,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: iso(d.next_attempt_at),
    lastError: d.last_error,
    lastStatusCode: d.last_status_code,
    sentAt: iso(d.sent_at),
    /** The combined message that carried this alert during a storm (status combined). */
    combinedInto: d.combined_into,
    createdAt: iso(d.created_at),
    attemptLog: attempts.map((a) => ({
      attemptedAt: iso(a.attempted_at),
      statusCode: a.status_code,
      error: a.error,
      durationMs: a.duration_ms,
    })),
  };
}
