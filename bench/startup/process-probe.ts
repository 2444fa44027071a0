import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/** A started app process, the time it took to answer /healthz, and how to stop it. */
export interface HealthyProcess {
  pid: number;
  readyMs: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Spawns `node <args>` on a free port and polls /healthz every 10 ms from the spawn on:
 * the time to the first 200 is what a user or a load balancer waits.
 */
export async function startedAndHealthy(args: string[], env: Record<string, string>, cwd: string, timeoutMs = 120_000): Promise<HealthyProcess> {
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, { env: { ...env, PORT: String(port) }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The app exited before it was healthy:\n${output}`);
    if (performance.now() - startedAt > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`The app was not healthy within ${timeoutMs} ms:\n${output}`);
    }
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const readyMs = Math.round(performance.now() - startedAt);
  return {
    pid: child.pid!,
    readyMs,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident memory of a live process now and at its peak, from /proc/<pid>/status (Linux). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}
