import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ApiErrorCode =
  | 'invalid_request'
  | 'invalid_query'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'payload_too_large'
  | 'internal';

/** A failure the client can act on; `onError` turns it into `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

/** JSON error body of DESIGN §7. */
export function errorBody(code: string, message: string, details: Record<string, unknown> = {}) {
  return { error: { code, message, ...details } };
}

/** The single error handler: domain errors keep their status; anything else is a logged 500. */
export function toErrorResponse(error: Error, c: Context, log: (error: Error) => void): Response {
  if (error instanceof ApiError) return c.json(errorBody(error.code, error.message, error.details), error.status);
  if (error instanceof HTTPException) {
    const code = error.status === 401 ? 'unauthorized' : error.status === 403 ? 'forbidden' : 'invalid_request';
    return c.json(errorBody(code, error.message || 'Request refused'), error.status);
  }
  log(error);
  return c.json(errorBody('internal', 'Internal error'), 500);
}
