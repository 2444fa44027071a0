import { createSession, deleteSession, findLiveSession, type Database, type Kysely } from '@newswatch/db';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { hashToken, randomToken } from './tokens';

export const SESSION_COOKIE = 'nw_session';
const SESSION_DAYS = 30;

/** Starts a session: the cookie holds a random token, the table only its hash. */
export async function startSession(c: Context, db: Kysely<Database>, userId: number, secure: boolean): Promise<void> {
  const token = randomToken();
  await createSession(db, {
    id: hashToken(token),
    user_id: userId,
    csrf_token: randomToken(24),
    expires_at: new Date(Date.now() + SESSION_DAYS * 86_400_000),
  });
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    maxAge: SESSION_DAYS * 86_400,
  });
}

export async function currentSession(c: Context, db: Kysely<Database>) {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return undefined;
  return findLiveSession(db, hashToken(token));
}

export async function endSession(c: Context, db: Kysely<Database>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await deleteSession(db, hashToken(token));
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
