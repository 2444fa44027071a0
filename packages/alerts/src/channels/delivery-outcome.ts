import type { DeliveryOutcome } from './channel-sender';

/** A successful attempt. */
export function deliveredOutcome(statusCode: number | null, startedAt: number): DeliveryOutcome {
  return { ok: true, statusCode, error: null, permanent: false, durationMs: elapsedSince(startedAt), retryAfterSeconds: null };
}

/** A failed attempt; `error` must already be free of secrets. */
export function failedOutcome(
  failure: { error: string; statusCode?: number | null; permanent?: boolean; retryAfterSeconds?: number | null },
  startedAt: number,
): DeliveryOutcome {
  return {
    ok: false,
    statusCode: failure.statusCode ?? null,
    error: failure.error,
    permanent: failure.permanent ?? false,
    durationMs: elapsedSince(startedAt),
    retryAfterSeconds: failure.retryAfterSeconds ?? null,
  };
}

/**
 * Whether a non-2xx HTTP status means "stop retrying". Redirects are not followed (Standard
 * Webhooks: the URL should be updated instead) and most 4xx will not heal by themselves; 408
 * and 429 are the receiver asking us to come back later, so they stay retryable.
 */
export function isPermanentHttpStatus(status: number): boolean {
  if (status >= 300 && status < 400) return true;
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Reads `Retry-After` (delta-seconds or an HTTP date) as whole seconds from `now`; null when
 * absent or unreadable, never negative.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return null;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function elapsedSince(startedAt: number): number {
  return Math.max(0, Math.round(performance.now() - startedAt));
}
