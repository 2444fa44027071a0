import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';
import { ApiError } from './errors';
import { refuseNul } from './validation';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * Query strings and form bodies of every route, checked before any route or the CSRF check
 * reads them: U+0000 anywhere is a 422 ({@link refuseNul}; JSON bodies get the same rule in
 * `readJson`), and a form body that does not parse (a broken multipart upload) is a 400 instead
 * of an exception in whichever handler read it first. The parsed form stays cached on the
 * request, so later readers do not parse it again.
 */
export function guardRequestInput(): MiddlewareHandler<AppEnv> {
  return async function guardRequestInputMiddleware(c, next) {
    // Every value of a repeated parameter is checked, and the parameter is named without an index.
    refuseNul(Object.fromEntries(Object.entries(c.req.queries()).map(([key, values]) => [key, values.join('&')])));
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (BODY_METHODS.has(c.req.method) && FORM_TYPES.has(mediaType)) {
      let form: unknown;
      try {
        form = await c.req.parseBody({ all: true });
      } catch {
        throw new ApiError(400, 'invalid_request', 'The form body is malformed');
      }
      refuseNul(form);
    }
    return next();
  };
}
