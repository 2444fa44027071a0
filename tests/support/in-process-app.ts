import fs from 'node:fs';
import { createLogger, loadConfig, startRuntime, type Runtime } from '@newswatch/cli';
import { tempDir } from './newswatch-process';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

/** The configuration of an in-process newswatch on PGlite in `dataDir` (a port of its own, private feeds allowed, silent logs). */
export function inProcessConfig(dataDir: string, env: Record<string, string> = {}) {
  return loadConfig({ DATA_DIR: dataDir, PORT: '0', ALLOW_PRIVATE_FEEDS: 'true', NEWSWATCH_API_TOKEN: TEST_TOKEN, LOG_LEVEL: 'silent', ...env });
}

/**
 * A whole newswatch (`start` roles) inside the test process on a fresh PGlite data dir, or on
 * PostgreSQL when `databaseUrl` is given. Faster than a child process for API contract tests;
 * the end-to-end tests still start the real CLI.
 */
export async function startInProcess(env: Record<string, string> = {}): Promise<{ runtime: Runtime; url: string; cleanup(): Promise<void> }> {
  const dataDir = tempDir('nw-app-');
  const config = inProcessConfig(dataDir, env);
  const runtime = await startRuntime(config, createLogger(config.logLevel), { ingest: true, dispatch: true, serve: true });
  return {
    runtime,
    url: runtime.url!,
    async cleanup() {
      await runtime.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
