import { RelativeTime } from '../components/relative-time';
import { formatDuration, formatUtcMinute, untilText } from './channel-format';

/** Outbox states as the delivery log shows them. */
export type DeliveryStatusView = 'pending' | 'sending' | 'sent' | 'failed' | 'dead' | 'combined';

/** One attempt at sending a delivery: when, what the peer answered, how long it took. */
export interface DeliveryAttemptView {
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** One outbox row, described for people. */
export interface DeliveryRowView {
  id: number;
  status: DeliveryStatusView;
  /** What the alert is about: a story title, "Digest: 4 stories", "Feed failing: …". */
  what: string;
  kind: 'story' | 'digest' | 'combined' | 'feed' | 'spike' | 'test';
  /** The dashboard page of the story, when the alert is about one. */
  href: string | null;
  channelId: number;
  channelName: string;
  ruleId: number | null;
  idempotencyKey: string;
  createdAt: Date;
  sentAt: Date | null;
  nextAttemptAt: Date | null;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  /** The combined message that carried this alert in a storm (status `combined`). */
  combinedInto: number | null;
  attemptLog: DeliveryAttemptView[];
}

/** Element id of a delivery's row: the retry button swaps the row in place. */
export const deliveryRowId = (id: number) => `delivery-${id}`;

const KIND_LABEL: Record<DeliveryRowView['kind'], string> = {
  story: 'Instant',
  digest: 'Digest',
  combined: 'Combined',
  feed: 'Feed health',
  spike: 'Spike',
  test: 'Test',
};

/** A delivery log row: status, what was sent where, the last answer, and every attempt. */
export function DeliveryRow({ delivery: d, csrfToken, now = new Date() }: { delivery: DeliveryRowView; csrfToken: string | null; now?: Date }) {
  const last = d.attemptLog.at(-1);
  const retryable = d.status === 'dead' || d.status === 'failed';
  return (
    <tr id={deliveryRowId(d.id)} class={`delivery status-${d.status}`}>
      <td>
        <span class={`pill ${d.status}`}>{d.status}</span>
      </td>
      <td class="delivery-what">
        <div class="delivery-title">
          <span class="badge">{KIND_LABEL[d.kind]}</span> {d.href ? <a href={d.href}>{d.what}</a> : <span>{d.what}</span>}
        </div>
        <div class="subtle small">
          to <a href={`/channels/${d.channelId}`}>{d.channelName}</a>
          {d.ruleId !== null ? (
            <>
              {' · '}
              <a href={`/channels/rules/${d.ruleId}`}>rule {d.ruleId}</a>
            </>
          ) : null}
          {' · queued '}
          <RelativeTime date={d.createdAt} now={now} />
          {d.sentAt ? ` · delivered ${formatDuration(d.sentAt.getTime() - d.createdAt.getTime())} after queueing` : null}
        </div>
        {d.combinedInto !== null ? (
          <p class="subtle small">
            Sent within combined message <a href={`/deliveries#${deliveryRowId(d.combinedInto)}`}>#{d.combinedInto}</a> (channel rate limit) · key{' '}
            <code>{d.idempotencyKey}</code>
          </p>
        ) : d.attemptLog.length > 0 ? (
          <details class="attempt-log">
            <summary>
              {d.attemptLog.length === 1 ? '1 attempt' : `${d.attemptLog.length} attempts`} · key <code>{d.idempotencyKey}</code>
            </summary>
            <table class="attempts">
              <thead>
                <tr>
                  <th>#</th>
                  <th>When (UTC)</th>
                  <th>Answer</th>
                  <th class="num">Took</th>
                </tr>
              </thead>
              <tbody>
                {d.attemptLog.map((a, i) => (
                  <tr>
                    <td>{i + 1}</td>
                    <td class="nowrap">{formatUtcMinute(a.attemptedAt, true)}</td>
                    <td>
                      <Answer statusCode={a.statusCode} error={a.error} />
                    </td>
                    <td class="num nowrap">{formatDuration(a.durationMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ) : (
          <p class="subtle small">
            Not attempted yet · key <code>{d.idempotencyKey}</code>
          </p>
        )}
      </td>
      <td class="num">{d.attempts}</td>
      <td class="delivery-answer">
        {last ? (
          <Answer statusCode={last.statusCode} error={last.error} />
        ) : d.lastError ? (
          <span class="subtle">{d.lastError}</span>
        ) : (
          <span class="subtle">—</span>
        )}
        {last ? <div class="subtle small">took {formatDuration(last.durationMs)}</div> : null}
        {d.status === 'failed' || (d.status === 'pending' && d.nextAttemptAt && d.nextAttemptAt > now) ? (
          <div class="subtle small">next try {untilText(d.nextAttemptAt!, now)}</div>
        ) : null}
      </td>
      <td class="actions-cell">
        {retryable ? (
          <form
            method="post"
            action={`/deliveries/${d.id}/retry`}
            hx-post={`/deliveries/${d.id}/retry`}
            hx-target={`#${deliveryRowId(d.id)}`}
            hx-swap="outerHTML"
          >
            <input type="hidden" name="_csrf" value={csrfToken ?? ''} />
            <button type="submit" class="small">
              {d.status === 'dead' ? 'Retry' : 'Retry now'}
            </button>
          </form>
        ) : null}
      </td>
    </tr>
  );
}

/** "HTTP 500 · database on fire", "250 OK", or the transport error when no peer answered. */
function Answer({ statusCode, error }: { statusCode: number | null; error: string | null }) {
  if (!error) return <span class="status-ok">{statusCode !== null ? `${statusCode} OK` : 'OK'}</span>;
  return (
    <span class="status-error answer-error" title={error}>
      {error}
    </span>
  );
}
