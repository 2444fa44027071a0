import pino, { type Logger } from 'pino';

/** One root logger per process; packages get children named after themselves. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    redact: { paths: ['*.secret', '*.password', '*.token', 'secret', 'password', 'token'], censor: '[redacted]' },
  });
}
