import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNewswatch, tempDir } from '../support/newswatch-process';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('newswatch import-opml / export-opml', () => {
  it('imports with progress every 100 feeds and a summary, then exports OPML to stdout or a file', async () => {
    const dir = tempDir('nw-opml-cli-');
    dirs.push(dir);
    const env = { DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'info' };
    const file = path.join(dir, 'reader.opml');
    const outlines = Array.from({ length: 250 }, (_, i) => `<outline type="rss" text="Feed ${i}" xmlUrl="https://cli${i}.example/rss"/>`);
    outlines.push(
      '<outline type="rss" text="Broken" xmlUrl="mailto:desk@example.org"/>',
      '<outline type="rss" text="Feed 0 again" xmlUrl="https://cli0.example/rss"/>',
    );
    fs.writeFileSync(
      file,
      `<?xml version="1.0"?><opml version="2.0"><head><title>Reader</title></head><body><outline text="All">${outlines.join('')}</outline></body></opml>`,
    );

    const imported = await runNewswatch(['import-opml', file], env);
    expect(imported.code, imported.stderr).toBe(0);
    const lines = imported.stdout.split('\n').filter((l) => !l.startsWith('{'));
    expect(lines).toEqual([
      `importing 252 feeds from ${file}`,
      'imported 100/252',
      'imported 200/252',
      'imported 252/252',
      'invalid: mailto:desk@example.org — unsupported scheme "mailto:" (only http and https)',
      'added 250, skipped 1 (already subscribed), invalid 1, total 252',
      '',
    ]);

    const again = await runNewswatch(['import-opml', file], env);
    expect(again.stdout).toContain('added 0, skipped 251 (already subscribed), invalid 1, total 252');

    // stdout carries only the document (logs go to stderr), so it can be piped to a file.
    const exported = await runNewswatch(['export-opml'], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0">/);
    expect(exported.stdout.match(/<outline type="rss"/g)).toHaveLength(250);
    expect(exported.stdout).toContain('text="Feed 7" title="Feed 7" xmlUrl="https://cli7.example/rss"');

    const target = path.join(dir, 'export.opml');
    const toFile = await runNewswatch(['export-opml', target], env);
    expect(toFile.code).toBe(0);
    const undated = (xml: string) => xml.replace(/<dateCreated>.*<\/dateCreated>/, '');
    expect(undated(fs.readFileSync(target, 'utf8'))).toBe(undated(exported.stdout));
  });

  it('refuses a file that is missing or not OPML, naming it, with exit code 1', async () => {
    const dir = tempDir('nw-opml-cli-');
    dirs.push(dir);
    const env = { DATA_DIR: path.join(dir, 'data') };
    const html = path.join(dir, 'page.html');
    fs.writeFileSync(html, '<!DOCTYPE html><html><body>Not a list</body></html>');
    const notOpml = await runNewswatch(['import-opml', html], env);
    expect(notOpml.code).toBe(1);
    expect(notOpml.stderr).toContain(`Cannot import ${html}: opml: not an OPML document (the root element is <html>, expected <opml>)`);
    const missing = await runNewswatch(['import-opml', path.join(dir, 'nope.opml')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
    const noFile = await runNewswatch(['import-opml'], env);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain('Usage: newswatch import-opml <file>');
    const help = await runNewswatch(['--help'], {});
    expect(help.stdout).toMatch(/import-opml +Subscribe to every feed of an OPML file/);
    expect(help.stdout).toMatch(/export-opml +Write every subscription/);
  });
});
