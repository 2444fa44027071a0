import { hashPassword, hashToken } from '@newswatch/api';
import { createApiToken, createUser, createWatch, findUserByEmail, getSetting, setSetting, type Database, type Kysely } from '@newswatch/db';
import { DEFAULT_WATCHES } from '@newswatch/match';
import type { Logger } from 'pino';
import type { Config } from './config';

/**
 * First-start setup from the configuration: the admin account, the automation API token and,
 * once per database, the default watches. Idempotent: every start may run it.
 */
export async function bootstrap(db: Kysely<Database>, config: Config, logger: Logger): Promise<void> {
  if (config.adminEmail && config.adminPassword && !(await findUserByEmail(db, config.adminEmail))) {
    await createUser(db, config.adminEmail, await hashPassword(config.adminPassword));
    logger.info({ email: config.adminEmail }, 'Admin account created');
  }
  if (config.apiToken) await createApiToken(db, 'NEWSWATCH_API_TOKEN', hashToken(config.apiToken));
  if (config.defaults && !(await getSetting<boolean>(db, 'defaults_created'))) {
    await db.transaction().execute(async (trx) => {
      for (const watch of DEFAULT_WATCHES) await createWatch(trx, { name: watch.name, query: watch.query });
      await setSetting(trx, 'defaults_created', true);
    });
    logger.info({ watches: DEFAULT_WATCHES.length }, 'Default watches created');
  }
}
