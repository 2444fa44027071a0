import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { ApiToken, Session, User } from '../schema/user';

type Db = Kysely<Database> | Transaction<Database>;

export async function createUser(db: Db, email: string, passwordHash: string): Promise<User> {
  return db.insertInto('users').values({ email, password_hash: passwordHash }).returningAll().executeTakeFirstOrThrow();
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function createSession(db: Db, session: Omit<Session, 'created_at'>): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

export async function findLiveSession(db: Db, id: string): Promise<(Session & { email: string }) | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('sessions')
    .select('users.email')
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function createApiToken(db: Db, name: string, tokenHash: string): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({ name, token_hash: tokenHash, last_used_at: null })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .execute();
}

export async function findApiToken(db: Db, tokenHash: string): Promise<ApiToken | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}
