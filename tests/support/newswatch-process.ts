import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * Node arguments that run the `newswatch` command from its TypeScript sources: tests exercise the
 * code on disk, never a build that may be older (tests/cli/built-cli.test.ts covers the build).
 */
export const cliEntry = ['--import', 'tsx', path.join(repoRoot, 'packages/cli/src/main.ts')];

export interface NewswatchProcess {
  child: ChildProcess;
  /** The dashboard URL; empty for roles without an HTTP server (ingest, dispatch). */
  url: string;
  output: () => string;
  /** Sends SIGTERM and waits for exit; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

/** A temp directory removed by the caller; PGlite data dirs and the like. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs `newswatch <args>` to completion; returns exit code and output. */
export async function runNewswatch(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...cliEntry, ...args], { env: { ...baseEnv(), ...env }, cwd: repoRoot });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), LOG_LEVEL: 'info' };
  return env;
}

/** Starts a long-running `newswatch <command>` (from `entry`: the sources unless told) and waits until it says it runs. */
export async function startNewswatch(command: string, env: Record<string, string>, timeoutMs = 40_000, entry: string[] = cliEntry): Promise<NewswatchProcess> {
  const child = spawn(process.execPath, [...entry, command], { env: { ...baseEnv(), PORT: '0', ...env }, cwd: repoRoot });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`newswatch ${command} did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = () => {
      const match = /dashboard at (http:\/\/\S+?)\/? /.exec(out);
      if (match || /newswatch \w+ is running/.test(out)) {
        clearTimeout(timer);
        resolve(match?.[1] ?? '');
      }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`newswatch ${command} exited with ${code}:\n${out}`));
    });
  });
  return {
    child,
    url,
    output: () => out,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
