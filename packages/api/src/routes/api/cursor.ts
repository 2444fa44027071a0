import { isStorableDate, MAX_ROW_ID } from '../../validation';

/** Opaque keyset cursor over (published_at, id), newest first. */
export function encodeCursor(publishedAt: Date, id: number): string {
  return Buffer.from(`${new Date(publishedAt).toISOString()}|${id}`).toString('base64url');
}

/**
 * The position a cursor names, or undefined when it is not one this API could have returned.
 * A hand-made cursor (a date PostgreSQL cannot take, an id past the `integer` range, a sign)
 * is refused here rather than failing in the query.
 */
export function decodeCursor(cursor: string): { publishedAt: Date; id: number } | undefined {
  const parts = Buffer.from(cursor, 'base64url').toString().split('|');
  if (parts.length !== 2) return undefined;
  const [date, id] = parts as [string, string];
  const publishedAt = new Date(date);
  if (!isStorableDate(publishedAt) || !/^\d{1,10}$/.test(id) || Number(id) > MAX_ROW_ID) return undefined;
  return { publishedAt, id: Number(id) };
}
