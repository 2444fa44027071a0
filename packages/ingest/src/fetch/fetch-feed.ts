import { STATUS_CODES } from 'node:http';
import { AddressRefusedError, createGuardedAgent, sharedGuardedAgent } from '@newswatch/net';
import { type Dispatcher, request } from 'undici';
import type { FetchOptions, FetchResult } from './fetch-result';
import { formatByteSize, readBody } from './read-body';
import { headerValue, parseMaxAge, parseRetryAfter } from './response-headers';

/** The User-Agent sent unless the caller names another: who we are and where to read more. */
export const DEFAULT_USER_AGENT = 'newswatch/0.1 (+https://github.com/newswatch)';

/** Defaults for every {@link FetchOptions} limit. */
export const FETCH_DEFAULTS = {
  timeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
} as const;

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/**
 * How a connection that died before any response byte fails: on a reused keep-alive socket,
 * the server's idle close crossed our request (its timer fired while our process was busy).
 */
const DROPPED_CONNECTION_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PERMANENT_REDIRECTS = new Set([301, 308]);

/** A failure already phrased for the feed's `last_error`. */
class FetchFailure extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/**
 * One conditional GET of a feed URL, following redirects by hand (so a permanent move
 * can be reported), decompressing within a size cap, and refusing non-public addresses
 * at connect time unless `allowPrivate`. Never throws: every failure is a `kind: 'error'`
 * result whose message is fit for an operator.
 */
export async function fetchFeed(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const stop = () => controller.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();
  // Any response at all, even an error status, proves the network between us and the host works.
  const progress = { answered: false };
  // A connection of this fetch's own, made only when a kept-alive one died under a request.
  const spare: { dispatcher: Dispatcher | null } = { dispatcher: null };
  try {
    return await fetchFollowingRedirects(url, options, controller.signal, elapsed, progress, spare);
  } catch (err) {
    if (err instanceof FetchFailure) {
      return {
        kind: 'error',
        status: err.status,
        message: err.message,
        retryAfterSeconds: err.retryAfterSeconds,
        network: false,
        durationMs: elapsed(),
      };
    }
    const message = options.signal?.aborted ? 'stopped' : controller.signal.aborted ? `timed out after ${timeoutMs} ms` : describeError(err);
    // A refusal is our own guard speaking, not evidence that the network is down.
    const refused = err instanceof AddressRefusedError || (err instanceof Error && err.cause instanceof AddressRefusedError);
    return {
      kind: 'error',
      status: null,
      message,
      retryAfterSeconds: null,
      network: !progress.answered && !refused,
      durationMs: elapsed(),
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    // Every body was read or dumped by now.
    await spare.dispatcher?.destroy().catch(() => undefined);
  }
}

async function fetchFollowingRedirects(
  startUrl: string,
  options: FetchOptions,
  signal: AbortSignal,
  elapsed: () => number,
  progress: { answered: boolean },
  spare: { dispatcher: Dispatcher | null },
): Promise<FetchResult> {
  const maxRedirects = options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const allowPrivate = options.allowPrivate ?? false;
  // The guard runs in the agent on every new connection, redirect targets included.
  const dispatcher = sharedGuardedAgent({ allowPrivate, connectTimeoutMs: options.connectTimeoutMs ?? FETCH_DEFAULTS.connectTimeoutMs });
  let current = parseHttpUrl(startUrl);
  // Only an unbroken chain of permanent redirects from the start moves the feed for good.
  let movedPermanentlyTo: string | null = null;
  let permanentSoFar = true;
  const visited = new Set<string>();
  const get = (url: URL, via: Dispatcher) =>
    request(url, {
      method: 'GET',
      dispatcher: via,
      signal,
      headers: buildHeaders(options),
      headersTimeout: options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs,
      bodyTimeout: options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs,
    });

  for (let hop = 0; ; hop++) {
    visited.add(current.href);
    const response = await get(current, dispatcher).catch((err: unknown) => {
      if (signal.aborted || !isDroppedConnection(err)) throw err;
      // A GET may be repeated (browsers and undici's RetryAgent do the same); once, on a
      // connection of its own, which cannot be another stale one from the shared pool.
      spare.dispatcher ??= createGuardedAgent({ allowPrivate, connectTimeoutMs: options.connectTimeoutMs ?? FETCH_DEFAULTS.connectTimeoutMs, connections: 1 });
      return get(current, spare.dispatcher);
    });
    progress.answered = true;
    const { statusCode: status, headers } = response;
    const maxAgeSeconds = parseMaxAge(headerValue(headers['cache-control']));

    if (REDIRECT_STATUSES.has(status)) {
      await response.body.dump();
      const location = headerValue(headers.location);
      if (!location) throw new FetchFailure(`HTTP ${status} redirect without a Location header`, status);
      const next = parseHttpUrl(new URL(location, current).href);
      if (visited.has(next.href)) throw new FetchFailure(`redirect loop at ${next.href}`, status);
      if (hop + 1 > maxRedirects) throw new FetchFailure(`too many redirects (more than ${maxRedirects})`, status);
      permanentSoFar &&= PERMANENT_REDIRECTS.has(status);
      if (permanentSoFar) movedPermanentlyTo = next.href;
      current = next;
      continue;
    }

    if (status === 304) {
      await response.body.dump();
      return { kind: 'not-modified', status: 304, maxAgeSeconds, durationMs: elapsed() };
    }

    if (status < 200 || status >= 300) {
      await response.body.dump().catch(() => undefined);
      const retryAfter = status === 429 || status === 503 ? parseRetryAfter(headerValue(headers['retry-after'])) : null;
      throw new FetchFailure(`HTTP ${status} ${STATUS_CODES[status] ?? 'Unknown Status'}`, status, retryAfter);
    }

    const maxBytes = options.maxBytes ?? FETCH_DEFAULTS.maxBytes;
    const contentEncoding = headerValue(headers['content-encoding']);
    const declaredLength = Number(headerValue(headers['content-length']) ?? NaN);
    if (!contentEncoding && declaredLength > maxBytes) {
      await response.body.dump().catch(() => undefined);
      throw new FetchFailure(`response larger than ${formatByteSize(maxBytes)}`, status);
    }
    const body = await readBody(response.body, contentEncoding, maxBytes).catch((err: unknown) => {
      // An abort mid-body is our total timeout; fetchFeed words that one itself.
      if (signal.aborted) throw err;
      throw new FetchFailure(describeError(err), status);
    });
    return {
      kind: 'ok',
      status,
      url: current.href,
      movedPermanentlyTo,
      body,
      contentType: headerValue(headers['content-type']),
      contentLanguage: headerValue(headers['content-language']),
      etag: headerValue(headers.etag),
      lastModified: headerValue(headers['last-modified']),
      maxAgeSeconds,
      durationMs: elapsed(),
    };
  }
}

function isDroppedConnection(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DROPPED_CONNECTION_CODES.has(code);
}

function buildHeaders(options: FetchOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    accept: ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  return headers;
}

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchFailure(`invalid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchFailure(`unsupported URL scheme ${url.protocol} (only http and https)`);
  }
  url.hash = '';
  return url;
}

/**
 * The most specific message in an undici/Node error chain: socket errors already read
 * like "connect ECONNREFUSED 127.0.0.1:9"; undici's own errors are renamed plainly.
 */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connect timed out (${err.message})`;
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'timed out waiting for response headers';
    case 'UND_ERR_BODY_TIMEOUT':
      return 'timed out reading the response body';
    case 'UND_ERR_SOCKET':
      return `connection closed by the server (${err.message})`;
    case 'ERR_INVALID_URL':
      return `invalid URL: ${(err as { input?: string }).input ?? err.message}`;
    default:
      break;
  }
  if (err.cause instanceof Error && err.message === 'fetch failed') return describeError(err.cause);
  return err.message;
}
