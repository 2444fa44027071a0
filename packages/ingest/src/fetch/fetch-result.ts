/** What the fetcher tells the pipeline about one conditional GET. */
export type FetchResult =
  | {
      kind: 'ok';
      status: number;
      /** Final URL after redirects. */
      url: string;
      /** Set when a permanent redirect (301/308) says the feed moved for good. */
      movedPermanentlyTo: string | null;
      body: Buffer;
      contentType: string | null;
      /** `Content-Language` header, to pass to parseFeed's `contentLanguage`; absent = unknown. */
      contentLanguage?: string | null;
      etag: string | null;
      lastModified: string | null;
      /** Cache-Control max-age in seconds, when given. */
      maxAgeSeconds: number | null;
      durationMs: number;
    }
  | { kind: 'not-modified'; status: 304; maxAgeSeconds: number | null; durationMs: number }
  | {
      kind: 'error';
      /** HTTP status when there was an answer; null for network / guard errors. */
      status: number | null;
      message: string;
      /** Seconds from a Retry-After header (429/503). */
      retryAfterSeconds: number | null;
      /**
       * No HTTP answer at all (DNS, connect, reset, timeout before headers): the kind of failure
       * our own network outage produces. False for HTTP errors, bad bodies and SSRF refusals.
       */
      network: boolean;
      durationMs: number;
    };

/** Limits and validators for one fetch; every limit has a default (see `FETCH_DEFAULTS`). */
export interface FetchOptions {
  etag?: string | null;
  lastModified?: string | null;
  /** Total time budget in ms. */
  timeoutMs?: number;
  /** Time budget for the TCP/TLS connect alone, in ms. */
  connectTimeoutMs?: number;
  /** Largest body accepted, after decompression. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Allow loopback/private/link-local targets (ALLOW_PRIVATE_FEEDS). */
  allowPrivate?: boolean;
  userAgent?: string;
  /** Ends the fetch early (a stopping worker): the result is an error, "stopped". */
  signal?: AbortSignal;
}
