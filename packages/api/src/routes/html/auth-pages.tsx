import { countUsers, createUser, findUserByEmail } from '@newswatch/db';
import { LoginPage } from '@newswatch/web';
import { Hono, type Context } from 'hono';
import { addressBucket, clientAddress, trustedProxyList } from '../../auth/client-address';
import { LoginThrottle } from '../../auth/login-throttle';
import { createPasswordCheck } from '../../auth/password-check';
import { safeNext } from '../../auth/safe-next';
import { endSession, startSession } from '../../auth/sessions';
import { hashPassword } from '../../auth/tokens';
import type { AppDeps, AppEnv } from '../../env';

/* No address is longer (RFC 5321); a longer "email" is not looked up nor kept whole as a key. */
const MAX_EMAIL_LENGTH = 320;

const waitText = (seconds: number) => (seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`);

/**
 * Login, logout and first-run setup. The login form carries no CSRF token (there is no
 * session yet); SameSite=Lax cookies and the login throttle guard it instead: failures slow
 * down the client address and the account, each with its own exponential backoff.
 */
export function authPages(deps: AppDeps) {
  const { db } = deps;
  const throttle = new LoginThrottle();
  const trusted = trustedProxyList(deps.trustedProxies ?? []);
  const checkPassword = createPasswordCheck();
  const page = (c: Context, props: Parameters<typeof LoginPage>[0], status: 200 | 401 | 429 | 400 = 200) => c.html(<LoginPage {...props} />, status);

  return new Hono<AppEnv>()
    .get('/login', async (c) => {
      if ((await countUsers(db)) === 0) return c.redirect('/setup', 303);
      return page(c, { error: null, next: safeNext(c.req.query('next')), email: '', setup: false });
    })
    .post('/login', async (c) => {
      const form = await c.req.parseBody();
      const email = String(form.email ?? '')
        .trim()
        .toLowerCase()
        .slice(0, MAX_EMAIL_LENGTH + 1);
      const next = safeNext(form.next);
      const address = addressBucket(clientAddress(c, trusted));
      const wait = throttle.retryAfterSeconds(address, email);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        return page(c, { error: `Too many failed attempts. Try again in ${waitText(wait)}.`, next, email, setup: false }, 429);
      }
      const user = email && email.length <= MAX_EMAIL_LENGTH ? await findUserByEmail(db, email) : undefined;
      const passwordOk = await checkPassword(String(form.password ?? ''), user?.password_hash);
      if (!user || !passwordOk) {
        throttle.fail(address, email);
        return page(c, { error: 'Wrong email or password.', next, email, setup: false }, 401);
      }
      throttle.succeed(address, email);
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
      const email = String(form.email ?? '')
        .trim()
        .toLowerCase();
      const password = String(form.password ?? '');
      if (!/^[^@\s]+@[^@\s]+$/.test(email) || password.length < 8) {
        return page(c, { error: 'Give an email address and a password of at least 8 characters.', next: '/', email, setup: true }, 400);
      }
      const user = await createUser(db, email, await hashPassword(password));
      await startSession(c, db, user.id, deps.secureCookies);
      return c.redirect('/', 303);
    });
}
