/** Opaque keyset cursor over (published_at, id), newest first. */
export function encodeCursor(publishedAt: Date, id: number): string {
  return Buffer.from(`${new Date(publishedAt).toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { publishedAt: Date; id: number } | undefined {
  const [date, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const publishedAt = new Date(date ?? '');
  if (Number.isNaN(publishedAt.getTime()) || !id || !/^\d+$/.test(id)) return undefined;
  return { publishedAt, id: Number(id) };
}
