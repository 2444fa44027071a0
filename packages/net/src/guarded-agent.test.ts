import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request, type Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressRefusedError } from './address-refused-error';
import { createGuardedAgent, sharedGuardedAgent } from './guarded-agent';

let server: Server;
let port: number;
let hits = 0;
const agents: Agent[] = [];

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits += 1;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.close()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function agent(allowPrivate: boolean): Agent {
  const created = createGuardedAgent({ allowPrivate, connectTimeoutMs: 2_000 });
  agents.push(created);
  return created;
}

async function refusal(url: string): Promise<unknown> {
  return request(url, { dispatcher: agent(false) }).then(
    () => null,
    (error: unknown) => error,
  );
}

describe('createGuardedAgent', () => {
  it('refuses IP literals of special ranges before a socket opens', async () => {
    const before = hits;
    for (const [url, message] of [
      [`http://127.0.0.1:${port}/`, 'refused: 127.0.0.1 is a loopback address'],
      [`http://[::127.0.0.1]:${port}/`, 'refused: ::7f00:1 is an IPv4-compatible form of 127.0.0.1, a loopback address'],
      [`http://[::ffff:127.0.0.1]:${port}/`, 'refused: ::ffff:7f00:1 is an IPv4-mapped form of 127.0.0.1, a loopback address'],
      [`http://[64:ff9b:1::7f00:1]:${port}/`, 'refused: 64:ff9b:1::7f00:1 is a local-use NAT64 address'],
      [`http://[2001:0:7f00:1::]:${port}/`, 'refused: 2001:0:7f00:1:: is a Teredo tunnel address'],
      ['http://169.254.169.254/latest/meta-data/', 'refused: 169.254.169.254 is a cloud metadata address'],
    ] as const) {
      const error = await refusal(url);
      expect(error).toBeInstanceOf(AddressRefusedError);
      expect(error).toMatchObject({ code: 'ERR_ADDRESS_REFUSED', message });
    }
    expect(hits).toBe(before);
  });

  it('refuses a name on the address its lookup returns (localhost from /etc/hosts, no DNS)', async () => {
    const before = hits;
    const error = await refusal(`http://localhost:${port}/`);
    expect(error).toBeInstanceOf(AddressRefusedError);
    expect((error as Error).message).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
    expect(hits).toBe(before);
  });

  it('connects anywhere when private targets are allowed', async () => {
    const response = await request(`http://127.0.0.1:${port}/`, { dispatcher: agent(true) });
    expect(response.statusCode).toBe(200);
    expect(await response.body.text()).toBe('ok');
  });
});

describe('sharedGuardedAgent', () => {
  it('hands out one agent per guard setting and timeout', () => {
    const guarded = sharedGuardedAgent({ allowPrivate: false, connectTimeoutMs: 1_000 });
    expect(sharedGuardedAgent({ allowPrivate: false, connectTimeoutMs: 1_000 })).toBe(guarded);
    expect(sharedGuardedAgent({ allowPrivate: true, connectTimeoutMs: 1_000 })).not.toBe(guarded);
  });
});
