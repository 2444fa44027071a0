import { hashPassword } from '@newswatch/api';
import { createUser } from '@newswatch/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickDatabaseEnv } from '../support/databases';
import { startInProcess } from '../support/in-process-app';

type App = Awaited<ReturnType<typeof startInProcess>>;
const ADMIN = { email: 'admin@example.org', password: 'correct horse battery' };

/** A login attempt as a browser posts it; `from` sets X-Forwarded-For. */
async function login(app: App, fields: { email: string; password: string; next?: string }, from?: string) {
  const res = await fetch(`${app.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(from ? { 'x-forwarded-for': from } : {}) },
    body: new URLSearchParams(fields),
  });
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get('location'), retryAfter: Number(res.headers.get('retry-after') ?? 0) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Issue 11, part 6: the login rate limit, the redirect after login, and timing. */
describe('login hardening', () => {
  describe('without TRUST_PROXY', () => {
    let app: App;
    beforeAll(async () => {
      app = await startInProcess({
        ...(await quickDatabaseEnv()),
        NEWSWATCH_DEFAULTS: 'false',
        NEWSWATCH_ADMIN_EMAIL: ADMIN.email,
        NEWSWATCH_ADMIN_PASSWORD: ADMIN.password,
      });
    });
    afterAll(async () => {
      await app?.cleanup();
    });

    it('ignores X-Forwarded-For: a new header per guess neither escapes the 429 nor lets a throttled client in', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await login(app, { ...ADMIN, password: `guess-${i}` }, `10.0.0.${i}`)).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5)).toContain(429);
      const withNewHeader = await login(app, ADMIN, '192.0.2.77');
      expect(withNewHeader.status).toBe(429);
      expect(withNewHeader.retryAfter).toBeGreaterThanOrEqual(1);
      expect(withNewHeader.retryAfter).toBeLessThanOrEqual(30);
    });
  });

  describe('behind a trusted proxy (TRUST_PROXY=127.0.0.1)', () => {
    let app: App;
    const user = async (email: string, password: string) => createUser(app.runtime.handle.db, email, await hashPassword(password));

    beforeAll(async () => {
      app = await startInProcess({
        ...(await quickDatabaseEnv()),
        NEWSWATCH_DEFAULTS: 'false',
        NEWSWATCH_ADMIN_EMAIL: ADMIN.email,
        NEWSWATCH_ADMIN_PASSWORD: ADMIN.password,
        TRUST_PROXY: '127.0.0.1',
      });
    });
    afterAll(async () => {
      await app?.cleanup();
    });

    it('slows a guesser with 429 and Retry-After, while the real admin from elsewhere is only briefly slowed, not locked out', async () => {
      const attacker = '203.0.113.9';
      for (let i = 0; i < 5; i++) expect((await login(app, { ...ADMIN, password: `guess-${i}` }, attacker)).status).toBe(401);
      const throttled = await login(app, { ...ADMIN, password: 'guess-5' }, attacker);
      expect(throttled.status).toBe(429);
      expect(throttled.retryAfter).toBeGreaterThanOrEqual(1);

      // The account's own backoff is short: the admin waits seconds, not the 15 minutes of old.
      let admin = await login(app, ADMIN, '198.51.100.7');
      if (admin.status === 429) {
        expect(admin.retryAfter).toBeLessThanOrEqual(30);
        await new Promise((r) => setTimeout(r, admin.retryAfter * 1000 + 100));
        admin = await login(app, ADMIN, '198.51.100.7');
      }
      expect(admin.status).toBe(303);
    });

    it('keys the limit on the client the proxy saw, not on what the client wrote further left', async () => {
      await user('spoof@example.org', 'the right password');
      for (let i = 0; i < 5; i++)
        expect((await login(app, { email: 'spoof@example.org', password: `guess-${i}` }, `10.9.${i}.1, 203.0.113.50`)).status).toBe(401);
      expect((await login(app, { email: 'other@example.org', password: 'guess' }, '10.9.99.1, 203.0.113.50')).status).toBe(429);
    });

    it('redirects after login only to a path on this site', async () => {
      await user('next@example.org', 'the right password');
      const next = async (value: string) =>
        (await login(app, { email: 'next@example.org', password: 'the right password', next: value }, '198.51.100.20')).location;
      expect(await next('/\\evil.example')).toBe('/');
      expect(await next('//evil.example/x')).toBe('/');
      expect(await next('/\t/evil.example')).toBe('/');
      expect(await next('https://evil.example/')).toBe('/');
      expect(await next('/stories/12?tab=cluster')).toBe('/stories/12?tab=cluster');
      const page = await fetch(`${app.url}/login?next=${encodeURIComponent('/\\evil.example')}`);
      expect(await page.text()).not.toContain('evil.example');
    });

    it('takes as long for an unknown email as for a wrong password (medians within 30 %)', async () => {
      const known = ['t1@example.org', 't2@example.org', 't3@example.org', 't4@example.org'];
      for (const email of known) await user(email, 'the right password');
      const timed = async (email: string, from: string) => {
        const started = performance.now();
        expect((await login(app, { email, password: 'wrong password' }, from)).status).toBe(401);
        return performance.now() - started;
      };
      await timed('warm-up@example.org', '198.18.1.1');
      const wrongPassword: number[] = [];
      const unknownEmail: number[] = [];
      // Interleaved, each from its own address and within each account's free failures, so the
      // machine's load falls on both kinds alike and no backoff is measured.
      for (let i = 0; i < 16; i++) {
        wrongPassword.push(await timed(known[i % known.length]!, `198.18.2.${i}`));
        unknownEmail.push(await timed(`nobody-${i}@example.org`, `198.18.3.${i}`));
      }
      const [a, b] = [median(wrongPassword), median(unknownEmail)];
      expect(Math.min(a, b) / Math.max(a, b), `wrong password ${a.toFixed(0)} ms, unknown email ${b.toFixed(0)} ms`).toBeGreaterThan(0.7);
    });
  });
});
