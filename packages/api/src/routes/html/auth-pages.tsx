import { countUsers, createUser, findUserByEmail } from '@newswatch/db';
import { LoginPage } from '@newswatch/web';
import { Hono, type Context } from 'hono';
import { LoginRateLimit } from '../../auth/login-rate-limit';
import { endSession, startSession } from '../../auth/sessions';
import { hashPassword, verifyPassword } from '../../auth/tokens';
import type { AppDeps, AppEnv } from '../../env';

/** Only same-site paths: `next` must not send a signed-in user to another origin. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

/**
 * Login, logout and first-run setup. The login form carries no CSRF token (there is no
 * session yet); SameSite=Lax cookies and the rate limit guard it instead.
 */
export function authPages(deps: AppDeps) {
  const { db } = deps;
  const limiter = new LoginRateLimit();
  const page = (c: Context, props: Parameters<typeof LoginPage>[0], status: 200 | 401 | 429 | 400 = 200) =>
    c.html(<LoginPage {...props} />, status);

  return new Hono<AppEnv>()
    .get('/login', async (c) => {
      if ((await countUsers(db)) === 0) return c.redirect('/setup', 303);
      return page(c, { error: null, next: safeNext(c.req.query('next')), email: '', setup: false });
    })
    .post('/login', async (c) => {
      const form = await c.req.parseBody();
      const email = String(form.email ?? '').trim().toLowerCase();
      const next = safeNext(form.next);
      const key = `${c.req.header('x-forwarded-for') ?? 'local'}|${email}`;
      const wait = limiter.retryAfter(key);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        return page(c, { error: `Too many failed attempts. Try again in ${Math.ceil(wait / 60)} min.`, next, email, setup: false }, 429);
      }
      const user = email ? await findUserByEmail(db, email) : undefined;
      if (!user || !(await verifyPassword(String(form.password ?? ''), user.password_hash))) {
        limiter.fail(key);
        return page(c, { error: 'Wrong email or password.', next, email, setup: false }, 401);
      }
      limiter.succeed(key);
      await startSession(c, db, user.id, deps.secureCookies);
      return c.redirect(next, 303);
    })
    .post('/logout', async (c) => {
      await endSession(c, db);
      return c.redirect('/login', 303);
    })
    .get('/setup', async (c) => {
      if ((await countUsers(db)) > 0) return c.redirect('/login', 303);
      return page(c, { error: null, next: '/', email: '', setup: true });
    })
    .post('/setup', async (c) => {
      if ((await countUsers(db)) > 0) return c.redirect('/login', 303);
      const form = await c.req.parseBody();
      const email = String(form.email ?? '').trim().toLowerCase();
      const password = String(form.password ?? '');
      if (!/^[^@\s]+@[^@\s]+$/.test(email) || password.length < 8) {
        return page(c, { error: 'Give an email address and a password of at least 8 characters.', next: '/', email, setup: true }, 400);
      }
      const user = await createUser(db, email, await hashPassword(password));
      await startSession(c, db, user.id, deps.secureCookies);
      return c.redirect('/', 303);
    });
}
