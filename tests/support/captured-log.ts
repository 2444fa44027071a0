import pino, { type Logger } from 'pino';

/** One line a logger wrote, parsed: its message and its fields. */
export type LogLine = { msg: string } & Record<string, unknown>;

/** A real pino logger at `warn` that keeps what it writes, for a test to read. */
export function capturedLog(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return { logger: pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) }), lines };
}
