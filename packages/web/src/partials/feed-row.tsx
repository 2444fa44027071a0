import { RelativeTime } from '../components/relative-time';

/** One subscribed feed as the feeds table shows it. */
export interface FeedRowView {
  id: number;
  title: string | null;
  url: string;
  siteUrl: string | null;
  enabled: boolean;
  lastStatus: number | null;
  lastError: string | null;
  failingSince: Date | null;
  lastFetchedAt: Date | null;
  lastSuccessAt: Date | null;
  consecutiveFailures: number;
  nextPollAt: Date;
  /** A worker holds its lease right now. */
  polling: boolean;
  storiesCount: number;
}

/** Swap target of one feed's row (refresh, enable/disable answer with the new row). */
export const feedRowId = (id: number) => `feed-${id}`;

/* A row that is due or being polled re-fetches itself this many times, 2 s apart, so the
   result of "Refresh now" shows up without reloading, and a stalled worker costs nothing. */
const MAX_FOLLOW_UPS = 15;

/** How a feed is doing, in one word (also the row's class). */
export function feedHealth(feed: FeedRowView): 'disabled' | 'failing' | 'pending' | 'ok' {
  if (!feed.enabled) return 'disabled';
  if (feed.consecutiveFailures > 0) return 'failing';
  if (!feed.lastFetchedAt) return 'pending';
  return 'ok';
}

export interface FeedRowProps {
  feed: FeedRowView;
  csrfToken: string | null;
  now: Date;
  /** Shown under the actions, e.g. "Refresh queued". */
  flash?: string | null;
  /**
   * Re-fetch the row every 2 s while the feed is due or polling, this many times already
   * (null: do not). Only rows answering an action follow up; a page of thousands of due
   * imported feeds must not send thousands of requests.
   */
  followUp?: number | null;
}

/** A `<tr>` of the feeds table: title and URL, health, schedule, volume, and its actions. */
export function FeedRow({ feed, csrfToken, now, flash = null, followUp = null }: FeedRowProps) {
  const health = feedHealth(feed);
  const due = feed.enabled && (feed.polling || feed.nextPollAt.getTime() <= now.getTime());
  const follow = due && followUp !== null && followUp < MAX_FOLLOW_UPS;
  const label = feed.title ?? hostOf(feed.url);
  const site = httpHref(feed.siteUrl);
  return (
    <tr
      id={feedRowId(feed.id)}
      class={`feed-row feed-${health}`}
      {...(follow ? { 'hx-get': `/feeds/${feed.id}/row?n=${(followUp ?? 0) + 1}`, 'hx-trigger': 'load delay:2s', 'hx-swap': 'outerHTML' } : {})}
    >
      <td class="feed-name">
        {site ? (
          <a href={site} rel="noopener noreferrer" class="feed-title">
            {label}
          </a>
        ) : (
          <span class="feed-title">{label}</span>
        )}
        <a class="feed-url" href={feed.url} rel="noopener noreferrer">
          {feed.url}
        </a>
      </td>
      <td class="feed-status">
        <FeedStatus feed={feed} health={health} now={now} />
      </td>
      <td class="nowrap">{feed.lastSuccessAt ? <RelativeTime date={feed.lastSuccessAt} now={now} /> : <span class="subtle">never</span>}</td>
      <td class={`num${feed.consecutiveFailures > 0 ? ' status-error' : ''}`}>{feed.consecutiveFailures}</td>
      <td class="nowrap">
        <NextPoll feed={feed} now={now} />
      </td>
      <td class="num">{feed.storiesCount}</td>
      <td class="feed-actions">
        <div class="row-actions">
          <form method="post" action={`/feeds/${feed.id}/refresh`} hx-post={`/feeds/${feed.id}/refresh`} hx-target="closest tr" hx-swap="outerHTML">
            <input type="hidden" name="_csrf" value={csrfToken ?? ''} />
            <button type="submit" class="small" disabled={!feed.enabled} title={feed.enabled ? 'Poll this feed now' : 'Enable the feed to poll it'}>
              Refresh now
            </button>
          </form>
          <form method="post" action={`/feeds/${feed.id}/enabled`} hx-post={`/feeds/${feed.id}/enabled`} hx-target="closest tr" hx-swap="outerHTML">
            <input type="hidden" name="_csrf" value={csrfToken ?? ''} />
            <input type="hidden" name="enabled" value={feed.enabled ? '0' : '1'} />
            <button type="submit" class="small">
              {feed.enabled ? 'Disable' : 'Enable'}
            </button>
          </form>
          <a class="button small danger" href={`/feeds/${feed.id}/delete`}>
            Delete
          </a>
        </div>
        {flash ? (
          <p class="row-flash" role="status">
            {flash}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

function FeedStatus({ feed, health, now }: { feed: FeedRowView; health: ReturnType<typeof feedHealth>; now: Date }) {
  if (health === 'disabled') return <span class="badge">Disabled</span>;
  if (health === 'pending') return <span class="subtle">Waiting for the first poll</span>;
  if (health === 'ok') {
    return (
      <span class="status-ok">
        <span aria-hidden="true">●</span> OK{feed.lastStatus === 304 ? ' (unchanged)' : ''}
      </span>
    );
  }
  return (
    <>
      <span class="status-error">
        <span aria-hidden="true">●</span> Failing
        {feed.failingSince ? (
          <>
            {' since '}
            <RelativeTime date={feed.failingSince} now={now} />
          </>
        ) : null}
      </span>
      {feed.lastError ? (
        <p class="feed-error" title={feed.lastError}>
          {feed.lastError}
        </p>
      ) : null}
    </>
  );
}

function NextPoll({ feed, now }: { feed: FeedRowView; now: Date }) {
  if (!feed.enabled) return <span class="subtle">—</span>;
  if (feed.polling) return <span class="polling">polling now…</span>;
  const seconds = Math.round((feed.nextPollAt.getTime() - now.getTime()) / 1000);
  if (seconds <= 0) return <span class="polling">due now</span>;
  return (
    <time datetime={feed.nextPollAt.toISOString()} title={`${feed.nextPollAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`}>
      {inFuture(seconds)}
    </time>
  );
}

/** "in 5 min", "in 3 h", "in 2 d". */
export function inFuture(seconds: number): string {
  if (seconds < 60) return 'in < 1 min';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `in ${hours} h`;
  return `in ${Math.round(hours / 24)} d`;
}

/** The URL when it is http(s): a feed's `<link>` is publisher data and could be `javascript:`. */
export function httpHref(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
