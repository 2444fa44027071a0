import { DataDirLockedError } from '@newswatch/db';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { COMMANDS, commandHelp, generalHelp } from './commands';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { exportOpmlCommand, importOpmlCommand } from './opml-commands';
import { openAndMigrate, startRuntime, type Roles } from './runtime';

const ROLES: Record<string, Roles> = {
  start: { ingest: true, dispatch: true, serve: true },
  ingest: { ingest: true, dispatch: false, serve: false },
  dispatch: { ingest: false, dispatch: true, serve: false },
  serve: { ingest: false, dispatch: false, serve: true },
};

/** Runs one `newswatch` command; resolves with the process exit code. */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' }, once: { type: 'boolean' } },
  });
  const name = positionals[0];
  const spec = COMMANDS.find((c) => c.name === name);
  if (!name || (values.help && !spec)) {
    console.log(generalHelp());
    return name || values.help ? 0 : 1;
  }
  if (!spec) {
    console.error(`Unknown command "${name}".\n\n${generalHelp()}`);
    return 1;
  }
  if (values.help) {
    console.log(commandHelp(spec));
    return 0;
  }
  if (values.once && name !== 'ingest' && name !== 'dispatch') {
    console.error(`--once applies to ingest and dispatch, not ${name}.`);
    return 1;
  }

  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  // export-opml may write the document to stdout, so its logs go to stderr.
  const logger = createLogger(config.logLevel, name === 'export-opml' ? 2 : 1);

  if (name === 'import-opml') return importOpmlCommand(config, logger, positionals[1]);
  if (name === 'export-opml') return exportOpmlCommand(config, logger, positionals[1]);

  if (name === 'migrate') {
    const handle = await openAndMigrate(config, logger);
    await handle.close();
    return 0;
  }

  const runtime = await startRuntime(config, logger, ROLES[name]!, { once: values.once ?? false });
  if (values.once) {
    const summary = name === 'ingest' ? await runtime.ingest!.runOnce() : { sent: await runtime.dispatcher!.runOnce() };
    console.log(JSON.stringify(summary));
    await runtime.stop();
    return 0;
  }
  console.log(runtime.url ? `newswatch is running: dashboard at ${runtime.url}/ (Ctrl+C to stop)` : `newswatch ${name} is running (Ctrl+C to stop)`);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'Shutting down');
      resolve();
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  await runtime.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DataDirLockedError) {
      console.error(error.message);
    } else if (error instanceof Error && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`${error.message}\n\n${generalHelp()}`);
    } else {
      console.error('newswatch failed to start:', error);
    }
    process.exit(1);
  },
);
