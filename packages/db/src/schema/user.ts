import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface UserTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  created_at: Generated<Date>;
}
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;

export interface SessionTable {
  /** SHA-256 of the cookie value: a leaked table does not leak sessions. */
  id: string;
  user_id: number;
  csrf_token: string;
  expires_at: Date;
  created_at: Generated<Date>;
}
export type Session = Selectable<SessionTable>;

export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
}
export type ApiToken = Selectable<ApiTokenTable>;

/** A named dashboard view of one user: the dashboard's query string (its filters). */
export interface SavedViewTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** Canonical filter query string without `?`, e.g. `watch=3&state=new`. */
  query: string;
  created_at: Generated<Date>;
}
export type SavedView = Selectable<SavedViewTable>;
