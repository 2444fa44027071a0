import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedServer, rssFeed } from '../support/feed-server';
import { runNewswatch, startNewswatch, tempDir } from '../support/newswatch-process';

const dirs: string[] = [];
const dir = (prefix: string) => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('newswatch CLI', () => {
  it('explains itself with --help, per command too, and refuses unknown commands', async () => {
    const help = await runNewswatch(['--help'], {});
    expect(help.code).toBe(0);
    for (const command of ['start', 'migrate', 'ingest', 'dispatch', 'serve']) expect(help.stdout).toContain(command);
    const ingestHelp = await runNewswatch(['ingest', '--help'], {});
    expect(ingestHelp.stdout).toContain('--once');
    const unknown = await runNewswatch(['frobnicate'], {});
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
  });

  it('lists every invalid setting at once and exits 1', async () => {
    const result = await runNewswatch(['migrate'], { PORT: 'eighty', DATABASE_URL: 'mysql://x', NEWSWATCH_API_TOKEN: 'short' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).toContain('NEWSWATCH_API_TOKEN');
  });

  it('ingest --once polls everything due and exits, storing each story once across runs', async () => {
    const feeds = await new FeedServer().start();
    try {
      const dataDir = dir('nw-cli-');
      const env = { DATA_DIR: dataDir, ALLOW_PRIVATE_FEEDS: 'true', LOG_LEVEL: 'warn' };
      const url = feeds.set('/once.xml', {
        body: rssFeed('Once', [{ title: 'Kim Jong Un visits Vladivostok', link: 'https://once.example/1', description: 'Talks with Putin.' }]),
      });
      // Subscribe through the embedded database the way the API would, via a short-lived serve.
      const serve = await startNewswatch('serve', { ...env, NEWSWATCH_API_TOKEN: 'cli-token-0123456789abcdef' });
      const created = await fetch(`${serve.url}/api/v1/feeds`, {
        method: 'POST',
        headers: { authorization: 'Bearer cli-token-0123456789abcdef', 'content-type': 'application/json' },
        body: JSON.stringify({ url }),
      });
      expect(created.status).toBe(201);
      expect(await serve.stop()).toBe(0);

      const first = await runNewswatch(['ingest', '--once'], env);
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout.trim().split('\n').at(-1)!)).toMatchObject({ polled: 1, failed: 0, inserted: 1, matched: 1 });
      // Nothing is due any more: a second run polls nothing and stores nothing.
      const second = await runNewswatch(['ingest', '--once'], env);
      expect(JSON.parse(second.stdout.trim().split('\n').at(-1)!)).toMatchObject({ polled: 0, inserted: 0 });
      expect(feeds.hitCount('/once.xml')).toBe(1);
    } finally {
      await feeds.stop();
    }
  });

  it('refuses a second process on the same PGlite data dir, naming the holder', async () => {
    const dataDir = dir('nw-lock-');
    const first = await startNewswatch('serve', { DATA_DIR: dataDir });
    try {
      const second = await runNewswatch(['serve'], { DATA_DIR: dataDir, PORT: '0' }, 30_000);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`pid ${first.child.pid}`);
      expect(second.stderr).toContain('DATABASE_URL');
    } finally {
      expect(await first.stop()).toBe(0);
    }
  });
});
