import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database';
import type { Channel, ChannelConfig, ChannelUpdate, NewChannel } from '../schema/alert';

type Db = Kysely<Database> | Transaction<Database>;

const asJson = (config: ChannelConfig) => JSON.stringify(config) as unknown as ChannelConfig;

export async function createChannel(db: Db, channel: NewChannel): Promise<Channel> {
  return db
    .insertInto('channels')
    .values({ ...channel, config: asJson(channel.config) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findChannelById(db: Db, id: number): Promise<Channel | undefined> {
  return db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listChannels(db: Db): Promise<Channel[]> {
  return db.selectFrom('channels').selectAll().orderBy('id').execute();
}

export async function updateChannel(db: Db, id: number, update: ChannelUpdate): Promise<Channel | undefined> {
  const values = update.config ? { ...update, config: asJson(update.config as ChannelConfig) } : update;
  return db.updateTable('channels').set(values).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteChannel(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('channels').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
