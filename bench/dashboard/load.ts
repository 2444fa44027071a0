/**
 * A small HTTP load generator that records every request's latency: `connections` keep-alive
 * sockets, each sending its next request as soon as the last answer is read in full.
 */
import fs from 'node:fs';
import http from 'node:http';

export interface LoadOptions {
  connections: number;
  /** Stop sending after this long (requests in flight finish). */
  durationMs: number;
  /** Stop sending after this many requests in all. */
  maxRequests: number;
  /** Requests sent (on one connection) before measuring, not counted. */
  warmup: number;
  headers: Record<string, string>;
  /** A request taking longer counts as an error. */
  timeoutMs: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** First error seen, for the report. */
  firstError: string | null;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  reqPerS: number;
  /** Mean body size of the answers, bytes. */
  bytes: number;
  /** CPU time the server process spent per request, ms (null when /proc is not readable). */
  serverCpuMsPerRequest: number | null;
}

/** User + system CPU time of a process so far, in ms (Linux /proc; null elsewhere). */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat(5) (utime, stime), counted after the ")" that ends the name; 100 ticks a second.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function get(agent: http.Agent, url: URL, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
      response.on('error', reject);
    });
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/** Sends GET `url` as fast as `connections` clients can; returns latency figures in ms. */
export async function runLoad(url: URL, options: LoadOptions, serverPid: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  try {
    for (let i = 0; i < options.warmup; i++) await get(agent, url, options.headers, options.timeoutMs).catch(() => undefined);
    const latencies: number[] = [];
    let errors = 0;
    let firstError: string | null = null;
    let bytes = 0;
    let sent = 0;
    const cpuBefore = processCpuMs(serverPid);
    const started = performance.now();
    const deadline = started + options.durationMs;
    const client = async () => {
      while (performance.now() < deadline && sent < options.maxRequests) {
        sent++;
        const t0 = performance.now();
        try {
          const answer = await get(agent, url, options.headers, options.timeoutMs);
          if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
          latencies.push(performance.now() - t0);
          bytes += answer.bytes;
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
        }
      }
    };
    await Promise.all(Array.from({ length: options.connections }, client));
    const elapsed = performance.now() - started;
    const cpuAfter = processCpuMs(serverPid);
    latencies.sort((a, b) => a - b);
    const done = latencies.length;
    return {
      requests: done,
      errors,
      firstError,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? Number.NaN,
      reqPerS: (done / elapsed) * 1000,
      bytes: done ? Math.round(bytes / done) : 0,
      serverCpuMsPerRequest: cpuBefore !== null && cpuAfter !== null && done + errors > 0 ? (cpuAfter - cpuBefore) / (done + errors) : null,
    };
  } finally {
    agent.destroy();
  }
}
