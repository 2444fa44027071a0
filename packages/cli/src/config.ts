import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

/** An IP address, or a CIDR range of them (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrRange(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || extra !== undefined) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** Every setting newswatch reads, from the environment (DESIGN §8). Nothing else reads process.env. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  DATA_DIR: z.string().default('./data'),
  PUBLIC_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  SMTP_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
  ),
  ALERT_FROM: z.string().default('newswatch <newswatch@localhost>'),
  NEWSWATCH_ADMIN_EMAIL: z.preprocess(emptyToUndefined, z.email().optional()),
  NEWSWATCH_ADMIN_PASSWORD: z.preprocess(emptyToUndefined, z.string().min(8, 'must be at least 8 characters').optional()),
  NEWSWATCH_API_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  NEWSWATCH_DEFAULTS: bool(true),
  ALLOW_PRIVATE_FEEDS: bool(false),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .refine((entries) => entries.every(isAddressOrRange), 'must be a comma-separated list of proxy IP addresses or CIDR ranges'),
  NEWSWATCH_RETRY_SCALE: z.coerce.number().positive().max(100).default(1),
  LEASE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3600).optional()),
  INGEST_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1000).default(32)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string | null;
  smtpUrl: string | null;
  alertFrom: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  apiToken: string | undefined;
  defaults: boolean;
  allowPrivateFeeds: boolean;
  /** Reverse proxies whose X-Forwarded-For names the client; empty: the header is ignored. */
  trustProxy: readonly string[];
  /** Multiplies every alert retry wait (tests and drills shorten them; 1 in production). */
  retryScale: number;
  /** Lease length for feeds and deliveries; unset = 120 s for feeds, 60 s for deliveries. */
  leaseSeconds: number | undefined;
  /** Feed fetches one ingest process keeps in flight. */
  ingestConcurrency: number;
  logLevel: string;
}>;

/** Thrown with every invalid variable listed, so one start-up shows all mistakes at once. */
export class ConfigError extends Error {
  readonly code = 'invalid_config';
}

/** Parses and freezes the configuration once at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (Boolean(e.NEWSWATCH_ADMIN_EMAIL) !== Boolean(e.NEWSWATCH_ADMIN_PASSWORD)) {
    throw new ConfigError('Invalid configuration:\n  NEWSWATCH_ADMIN_EMAIL and NEWSWATCH_ADMIN_PASSWORD must be set together');
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl: e.PUBLIC_URL ?? null,
    smtpUrl: e.SMTP_URL ?? null,
    alertFrom: e.ALERT_FROM,
    adminEmail: e.NEWSWATCH_ADMIN_EMAIL?.toLowerCase(),
    adminPassword: e.NEWSWATCH_ADMIN_PASSWORD,
    apiToken: e.NEWSWATCH_API_TOKEN,
    defaults: e.NEWSWATCH_DEFAULTS,
    allowPrivateFeeds: e.ALLOW_PRIVATE_FEEDS,
    trustProxy: Object.freeze(e.TRUST_PROXY),
    retryScale: e.NEWSWATCH_RETRY_SCALE,
    leaseSeconds: e.LEASE_SECONDS,
    ingestConcurrency: e.INGEST_CONCURRENCY,
    logLevel: e.LOG_LEVEL,
  });
}
