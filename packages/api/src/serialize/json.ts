import type { Channel, ClusterSummary, Delivery, DeliveryAttempt, Feed, MatchWithWatch, RuleWithWatches, StoryListRow, Watch } from '@newswatch/db';
import type { ChannelJson } from '../schemas/channel';
import type { ClusterJson } from '../schemas/cluster';
import type { DeliveryJson } from '../schemas/delivery';
import type { FeedJson } from '../schemas/feed';
import type { RuleJson } from '../schemas/rule';
import type { StoryJson } from '../schemas/story';
import type { WatchJson } from '../schemas/watch';

function iso(d: Date): string;
function iso(d: Date | null): string | null;
function iso(d: Date | null): string | null {
  return d ? new Date(d).toISOString() : null;
}

/*
 * API shapes: camelCase, ISO dates, numeric ids (the same on both database backends). Each is
 * typed by its documented schema (schemas/), so the OpenAPI document says what is sent.
 */

/** A feed as the API answers it. */
export function feedJson(f: Feed): FeedJson {
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
    websub: f.websub_hub
      ? {
          hub: f.websub_hub,
          // The column holds what ingest's WebSub subscriber writes: one of the documented states.
          state: f.websub_state as NonNullable<FeedJson['websub']>['state'],
          leaseUntil: iso(f.websub_lease_until),
          error: f.websub_error,
        }
      : null,
  };
}

/** A watch as the API answers it. */
export function watchJson(w: Watch): WatchJson {
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

/** A story with the watches it matched, as the API answers it. */
export function storyJson(s: StoryListRow, matches: MatchWithWatch[]): StoryJson {
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

/** A cluster and its stories (earliest first), as the API answers it; seen times are its stories' storage times. */
export function clusterJson(c: ClusterSummary, stories: StoryListRow[], matches: MatchWithWatch[]): ClusterJson {
  const fetched = stories.map((s) => new Date(s.fetched_at).getTime());
  return {
    id: c.id,
    firstStoryId: c.first_story_id,
    size: c.size,
    outlets: c.outlets,
    firstSeenAt: iso(new Date(Math.min(...fetched))),
    lastSeenAt: iso(new Date(Math.max(...fetched))),
    firstPublishedAt: iso(c.first_published_at),
    lastPublishedAt: iso(c.last_published_at),
    stories: stories.map((s) =>
      storyJson(
        s,
        matches.filter((m) => m.story_id === s.id),
      ),
    ),
  };
}

/** Secrets are shown once at creation; afterwards only a hint of their start. */
export function channelJson(ch: Channel): ChannelJson {
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

/** A rule as the API answers it. */
export function ruleJson(r: RuleWithWatches): RuleJson {
  return {
    id: r.id,
    channelId: r.channel_id,
    watchId: r.watch_id,
    /** Every watch the rule covers; null = all watches. */
    watchIds: r.watch_ids,
    mode: r.mode,
    mutePolicy: r.mute_policy,
    failingHours: r.failing_hours,
    spikeWindow: r.spike_window,
    spikeFactor: r.spike_factor,
    spikeMinCount: r.spike_min_count,
    schedule: r.schedule,
    timezone: r.timezone,
    mutedUntil: iso(r.muted_until),
    minSources: r.min_sources,
    enabled: r.enabled,
    createdAt: iso(r.created_at),
  };
}

/** A delivery and its attempts, as the API answers it. */
export function deliveryJson(d: Delivery & { channel_name?: string }, attempts: DeliveryAttempt[] = []): DeliveryJson {
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
