import { sharedGuardedAgent } from '@newswatch/net';
import { request } from 'undici';
import { DEFAULT_USER_AGENT, FETCH_DEFAULTS } from './fetch-feed';

export interface PostFormOptions {
  /** Allow loopback/private/link-local targets (ALLOW_PRIVATE_FEEDS). */
  allowPrivate?: boolean;
  timeoutMs?: number;
  userAgent?: string;
}

export type PostFormResult = { ok: true; status: number } | { ok: false; status: number | null; message: string };

/**
 * POSTs an `application/x-www-form-urlencoded` body (a WebSub hub request) through the same
 * SSRF guard as feed fetches: a hub URL comes from a feed document, so it is untrusted input
 * that must not reach loopback, private or metadata addresses. Redirects are not followed.
 * Never throws.
 */
export async function postForm(url: string, fields: Record<string, string>, options: PostFormOptions = {}): Promise<PostFormResult> {
  const allowPrivate = options.allowPrivate ?? false;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, status: null, message: `invalid URL: ${url}` };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return { ok: false, status: null, message: `unsupported URL scheme ${target.protocol} (only http and https)` };
  }
  const timeoutMs = options.timeoutMs ?? 15_000;
  try {
    const response = await request(target, {
      method: 'POST',
      dispatcher: sharedGuardedAgent({ allowPrivate, connectTimeoutMs: FETCH_DEFAULTS.connectTimeoutMs }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT },
      body: new URLSearchParams(fields).toString(),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = (await response.body.text()).slice(0, 300).replace(/\s+/g, ' ').trim();
    if (response.statusCode >= 200 && response.statusCode < 300) return { ok: true, status: response.statusCode };
    return { ok: false, status: response.statusCode, message: `HTTP ${response.statusCode}${text ? `: ${text}` : ''}` };
  } catch (error) {
    const message = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return { ok: false, status: null, message };
  }
}
