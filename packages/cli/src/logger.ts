import pino, { type Logger } from 'pino';

/**
 * One root logger per process; packages get children named after themselves. Logs go to
 * stdout unless `fd` is 2: a command whose output is data on stdout (export-opml) logs to stderr.
 */
export function createLogger(level: string, fd: 1 | 2 = 1): Logger {
  const options = {
    level,
    base: { pid: process.pid },
    redact: { paths: ['*.secret', '*.password', '*.token', 'secret', 'password', 'token'], censor: '[redacted]' },
  };
  return fd === 2 ? pino(options, pino.destination({ fd: 2, sync: true })) : pino(options);
}
