import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './env';
import { ApiError } from './errors';

/** Largest body of an ordinary request: JSON and form posts are a few kilobytes. */
export const JSON_MAX_BYTES = 1024 * 1024;
/** Largest upload (OPML document, pushed WebSub feed): ample for tens of thousands of feeds. */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

/* Routes whose body is a document rather than a small JSON or form value. */
const UPLOAD_PATHS = [/^\/api\/v1\/feeds\/import\/?$/, /^\/feeds\/import\/?$/, /^\/websub\/[^/]+\/?$/];

function limitFor(path: string): number {
  return UPLOAD_PATHS.some((pattern) => pattern.test(path)) ? UPLOAD_MAX_BYTES : JSON_MAX_BYTES;
}

/**
 * Refuses an oversized body with 413 before it is read into memory: by Content-Length at once,
 * or while a chunked body streams in. Without it a 100 MB JSON body was parsed whole.
 */
export function limitRequestBodies(): MiddlewareHandler<AppEnv> {
  const limiters = new Map(
    [JSON_MAX_BYTES, UPLOAD_MAX_BYTES].map((maxSize) => [
      maxSize,
      bodyLimit({
        maxSize,
        onError: () => {
          throw new ApiError(413, 'payload_too_large', `The request body is larger than ${maxSize / 1024 / 1024} MB`);
        },
      }),
    ]),
  );
  return async function limitRequestBodiesMiddleware(c, next) {
    return limiters.get(limitFor(c.req.path))!(c, next);
  };
}
