import { findApiToken, type Database, type Kysely } from '@newswatch/db';
import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { ApiError } from '../errors';
import type { AppEnv } from '../env';
import { currentSession } from './sessions';
import { hashToken } from './tokens';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Lets a request through with an API token (`Authorization: Bearer …`) or a session cookie.
 * Cookie-authenticated writes must carry the session's CSRF token (form field `_csrf` or
 * header `X-CSRF-Token`, which htmx sends on every request). `onMissing` decides what an
 * unauthenticated request gets: a JSON 401 for the API, a redirect to /login for pages.
 */
export function requireAuth(db: Kysely<Database>, onMissing: 'json' | 'redirect'): MiddlewareHandler<AppEnv> {
  return async function requireAuthMiddleware(c, next) {
    const header = c.req.header('authorization');
    if (header?.toLowerCase().startsWith('bearer ')) {
      const token = await findApiToken(db, hashToken(header.slice(7).trim()));
      if (!token) throw new ApiError(401, 'unauthorized', 'Invalid API token');
      c.set('principal', { kind: 'token' });
      return next();
    }
    const session = await currentSession(c, db);
    if (!session) {
      if (onMissing === 'redirect') {
        const back = encodeURIComponent(new URL(c.req.url).pathname);
        return c.redirect(`/login?next=${back}`, 303);
      }
      throw new ApiError(401, 'unauthorized', 'Sign in or send Authorization: Bearer <token>');
    }
    if (!SAFE_METHODS.has(c.req.method)) {
      let sent = c.req.header('x-csrf-token');
      if (!sent && (c.req.header('content-type') ?? '').includes('form')) {
        const form = await c.req.parseBody();
        sent = typeof form._csrf === 'string' ? form._csrf : undefined;
      }
      if (!sent || !sameToken(sent, session.csrf_token)) throw new ApiError(403, 'forbidden', 'Missing or invalid CSRF token');
    }
    c.set('principal', { kind: 'session', sessionId: session.id, userId: session.user_id, email: session.email, csrfToken: session.csrf_token });
    return next();
  };
}
