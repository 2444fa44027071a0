/** The `newswatch` commands and their help text: one table, so --help never drifts from the code. */
export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  details: string;
}

export const COMMANDS: CommandSpec[] = [
  {
    name: 'start',
    summary: 'Run everything in one process: migrate, poll feeds, send alerts, serve the dashboard and API.',
    usage: 'newswatch start',
    details:
      'With no DATABASE_URL the data lives in PGlite under DATA_DIR (default ./data); only one process may open it.\n' +
      'The dashboard listens on http://HOST:PORT (default http://127.0.0.1:3000).',
  },
  {
    name: 'migrate',
    summary: 'Bring the database schema up to date and exit.',
    usage: 'newswatch migrate',
    details: 'Every other command migrates on start too; run this alone before rolling out several processes.',
  },
  {
    name: 'ingest',
    summary: 'Poll due feeds, store and match stories, queue alerts.',
    usage: 'newswatch ingest [--once]',
    details:
      '--once  poll everything due now, then exit (for system cron, CI and tests).\n' +
      'Several ingest processes may share one PostgreSQL: feeds are leased, so each due feed is polled once.',
  },
  {
    name: 'dispatch',
    summary: 'Send queued alerts (email, webhooks) with retries.',
    usage: 'newswatch dispatch [--once]',
    details: '--once  send everything due now, then exit.',
  },
  {
    name: 'serve',
    summary: 'Serve the dashboard and the JSON API only.',
    usage: 'newswatch serve',
    details: 'Pair with separate ingest and dispatch processes on PostgreSQL.',
  },
  {
    name: 'import-opml',
    summary: 'Subscribe to every feed of an OPML file (from Feedly, Inoreader, Miniflux…).',
    usage: 'newswatch import-opml <file>',
    details:
      'Prints progress every 100 feeds and a summary: added, skipped (already subscribed), invalid (with the reason).\n' +
      'New feeds are due at once; a running ingest process polls them. With embedded PGlite, stop `newswatch start`\n' +
      'first (one process per data dir) or upload the file on the Feeds page instead.',
  },
  {
    name: 'export-opml',
    summary: 'Write every subscription as an OPML 2.0 file (to stdout when no file is given).',
    usage: 'newswatch export-opml [file]',
    details: 'Any feed reader can import the result.',
  },
];

export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'newswatch — monitor news feeds with watch queries and get alerted once per story.',
    '',
    'Usage: newswatch <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --help, -h  show help (also: newswatch <command> --help)',
    '',
    'Configuration comes from the environment (or a .env file in the current directory);',
    'see .env.example for every variable.',
  ].join('\n');
}

export function commandHelp(spec: CommandSpec): string {
  return [`Usage: ${spec.usage}`, '', spec.summary, '', spec.details].join('\n');
}
