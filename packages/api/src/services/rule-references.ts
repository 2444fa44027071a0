import { type Database, findChannelById, findWatchById, type Kysely } from '@newswatch/db';

/** A channel or watch a rule names that does not exist. */
export interface MissingReference {
  field: 'channelId' | 'watchId';
  id: number;
}

/** The first channel or watch a rule would name that does not exist, or null when all do. */
export async function findMissingRuleReference(
  db: Kysely<Database>,
  channelId: number | undefined,
  watchIds: readonly (number | null | undefined)[],
): Promise<MissingReference | null> {
  if (channelId !== undefined && !(await findChannelById(db, channelId))) return { field: 'channelId', id: channelId };
  for (const watchId of watchIds) {
    if (watchId != null && !(await findWatchById(db, watchId))) return { field: 'watchId', id: watchId };
  }
  return null;
}
