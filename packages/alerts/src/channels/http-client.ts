import { STATUS_CODES } from 'node:http';
import { AddressRefusedError, createGuardedAgent } from '@newswatch/net';
import { request } from 'undici';
import type { DeliveryOutcome } from './channel-sender';
import { deliveredOutcome, failedOutcome, isPermanentHttpStatus, parseRetryAfter } from './delivery-outcome';
import { redactSecrets } from './redact';

/** Enough of a response body to explain a failure; the rest is discarded unread. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** How much of the body goes into the stored error (the delivery log shows it). */
const ERROR_BODY_CHARS = 200;
/** Receivers' logs should say who is calling. */
const USER_AGENT = 'newswatch-alerts/0.1';

/** Settings shared by every HTTP channel. */
export interface HttpClientOptions {
  timeoutMs: number;
  /** Allow loopback/private/link-local targets (tests, or an operator's own LAN receivers). */
  allowPrivateTargets: boolean;
}

/** One JSON POST. */
export interface JsonPost {
  url: string | undefined;
  body: string;
  headers?: Record<string, string>;
  /**
   * For services that answer 200 with an error in the body (legacy Teams connectors):
   * returns the error text to report as a retryable failure, or null when the body is fine.
   */
  checkSuccessBody?: (bodyText: string) => string | null;
}

/** POSTs JSON and reports the result as a `DeliveryOutcome`; never throws. */
export interface HttpClient {
  postJson(post: JsonPost): Promise<DeliveryOutcome>;
  /** Closes idle keep-alive connections. */
  close(): Promise<void>;
}

/**
 * Creates the client all webhook channels share: one overall deadline per attempt (connect,
 * headers and body together), the SSRF guard applied to the address actually connected to,
 * redirects not followed, response bodies read only up to 64 KiB, and error texts that never
 * contain the target URL (chat webhook URLs carry their token in the path).
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const agent = createGuardedAgent({
    allowPrivate: options.allowPrivateTargets,
    connectTimeoutMs: options.timeoutMs,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 4_000,
  });

  async function postJson(post: JsonPost): Promise<DeliveryOutcome> {
    const startedAt = performance.now();
    const target = parseTarget(post.url);
    if (typeof target === 'string') return failedOutcome({ error: target, permanent: true }, startedAt);

    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
    try {
      const response = await request(target, {
        method: 'POST',
        dispatcher: agent,
        signal: deadline.signal,
        headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...post.headers },
        body: post.body,
      });
      const bodyText = await readCapped(response.body);
      const status = response.statusCode;
      if (status >= 200 && status < 300) {
        const bodyError = post.checkSuccessBody?.(bodyText) ?? null;
        if (bodyError) return failedOutcome({ error: bodyError, statusCode: status }, startedAt);
        return deliveredOutcome(status, startedAt);
      }
      return failedOutcome(
        {
          error: describeStatus(status, bodyText),
          statusCode: status,
          permanent: isPermanentHttpStatus(status),
          retryAfterSeconds: parseRetryAfter(response.headers['retry-after']),
        },
        startedAt,
      );
    } catch (error) {
      if (deadline.signal.aborted) {
        return failedOutcome({ error: `timed out after ${options.timeoutMs} ms` }, startedAt);
      }
      const refusal = findAddressRefusal(error);
      if (refusal) return failedOutcome({ error: refusal.message, permanent: true }, startedAt);
      return failedOutcome({ error: redactSecrets(describeError(error), [target.href]) }, startedAt);
    } finally {
      clearTimeout(timer);
    }
  }

  return { postJson, close: () => agent.close() };
}

/** The URL to post to, or the reason it is unusable (without echoing it: it may hold a token). */
function parseTarget(url: string | undefined): URL | string {
  if (!url) return 'channel has no webhook URL';
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return 'invalid webhook URL';
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return `webhook URL must be http or https, not ${target.protocol.replace(/:$/, '')}`;
  }
  return target;
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    total += chunk.length;
    if (total >= MAX_RESPONSE_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8');
}

/** `HTTP 500 Internal Server Error: <first 200 characters of the body>`. */
function describeStatus(status: number, bodyText: string): string {
  const reason = STATUS_CODES[status] ?? 'Unknown Status';
  const snippet = bodyText.replace(/\s+/g, ' ').trim().slice(0, ERROR_BODY_CHARS);
  return snippet ? `HTTP ${status} ${reason}: ${snippet}` : `HTTP ${status} ${reason}`;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Aggregate errors (happy-eyeballs tried several addresses) hide the useful text in `errors`.
  if (error instanceof AggregateError && error.errors.length > 0) return describeError(error.errors[0]);
  const cause = (error as { cause?: unknown }).cause;
  if (error.message === 'fetch failed' && cause instanceof Error) return describeError(cause);
  return error.message || error.name;
}

function findAddressRefusal(error: unknown): AddressRefusedError | null {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof AddressRefusedError) return current;
    if (current instanceof AggregateError) {
      const inner = current.errors.find((entry) => entry instanceof AddressRefusedError);
      if (inner) return inner as AddressRefusedError;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
