import { dropHeldDeliveries, releaseHeldDeliveries, type Database, type Kysely, type Rule } from '@newswatch/db';

/**
 * Ending a mute early (unmuting, or moving its end into the past) applies the rule's mute
 * policy at once to the alerts it held: send them now, or drop them. A mute that merely
 * changes its end keeps holding; the dispatcher applies the policy when the mute runs out.
 */
export async function applyMuteChange(db: Kysely<Database>, before: Rule, after: Rule, now = new Date()): Promise<void> {
  const wasMuted = before.muted_until !== null && before.muted_until > now;
  const stillMuted = after.muted_until !== null && after.muted_until > now;
  if (!wasMuted || stillMuted) return;
  if (after.mute_policy === 'drop') await dropHeldDeliveries(db, after.id, now);
  else await releaseHeldDeliveries(db, after.id);
}
