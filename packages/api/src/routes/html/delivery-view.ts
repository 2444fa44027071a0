import type { AlertPayload, DeliveryAttempt, DeliveryListRow } from '@newswatch/db';
import type { DeliveryRowView } from '@newswatch/web';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What an outbox row's payload is about, in a few words, and where it links to. */
export function describePayload(payload: AlertPayload): Pick<DeliveryRowView, 'what' | 'kind' | 'href'> {
  switch (payload.type) {
    case 'story.matched':
      return { kind: 'story', what: payload.story.title || '(untitled story)', href: `/stories/${payload.story.id}` };
    case 'digest': {
      const combined = payload.reason === 'rate-limit';
      const count = plural(payload.stories.length, 'story', 'stories');
      const only = payload.stories.length === 1 ? payload.stories[0] : undefined;
      return {
        kind: combined ? 'combined' : 'digest',
        what: combined ? `${count} combined (rate limit)` : `Digest: ${count}`,
        href: only ? `/stories/${only.id}` : null,
      };
    }
    case 'feed.failing':
      return { kind: 'feed', what: `Feed failing: ${payload.feedTitle ?? payload.feedUrl}`, href: null };
    case 'watch.spike':
      return { kind: 'spike', what: payload.message, href: `/?watch=${payload.watchId}` };
    case 'test':
      return { kind: 'test', what: payload.message, href: null };
    default:
      return { kind: 'test', what: `(${(payload as { type?: string }).type ?? 'unknown'} alert)`, href: null };
  }
}

/** A stored delivery and its attempts as the delivery log shows them. */
export function toDeliveryRowView(d: DeliveryListRow, attempts: DeliveryAttempt[]): DeliveryRowView {
  return {
    id: d.id,
    status: d.status,
    ...describePayload(d.payload as AlertPayload),
    channelId: d.channel_id,
    channelName: d.channel_name,
    ruleId: d.rule_id,
    idempotencyKey: d.idempotency_key,
    createdAt: new Date(d.created_at),
    sentAt: d.sent_at ? new Date(d.sent_at) : null,
    nextAttemptAt: d.next_attempt_at ? new Date(d.next_attempt_at) : null,
    attempts: d.attempts,
    lastStatusCode: d.last_status_code,
    lastError: d.last_error,
    combinedInto: d.combined_into,
    attemptLog: attempts.map((a) => ({ attemptedAt: new Date(a.attempted_at), statusCode: a.status_code, error: a.error, durationMs: a.duration_ms })),
  };
}
