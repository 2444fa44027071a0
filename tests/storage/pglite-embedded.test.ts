import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, migrateToLatest, openDatabase } from '@newswatch/db';
import { createTestDatabase } from '../support/databases';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('embedded PGlite', () => {
  it('fails a second opener of the data dir at once, naming the holder pid', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-lock-'));
    dirs.push(dataDir);
    // A live process other than us holds the lock.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.writeFileSync(path.join(dataDir, 'newswatch.lock'), String(holder.pid));
      const error = await openDatabase({ dataDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as Error).message).toContain(`pid ${holder.pid}`);
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a dead process and keeps data across reopen', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-stale-'));
    dirs.push(dataDir);
    fs.writeFileSync(path.join(dataDir, 'newswatch.lock'), '999999');
    const first = await openDatabase({ dataDir });
    await migrateToLatest(first.db);
    await first.db.insertInto('watches').values({ name: 'kept', query: 'kept' }).execute();
    await first.close();
    expect(fs.existsSync(path.join(dataDir, 'newswatch.lock'))).toBe(false);
    const second = await openDatabase({ dataDir });
    const rows = await second.db.selectFrom('watches').select('name').execute();
    await second.close();
    expect(rows).toEqual([{ name: 'kept' }]);
  });

  it('says which directory could not be set up when the embedded database cannot be created there', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-broken-'));
    dirs.push(dataDir);
    // A file where initdb must create a directory.
    fs.writeFileSync(path.join(dataDir, 'base'), 'not a directory');
    const error = await openDatabase({ dataDir }).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`Could not create the embedded database in ${dataDir}`);
    expect(fs.existsSync(path.join(dataDir, 'newswatch.lock'))).toBe(false);
  });

  it('does not let a query from another task run inside an open transaction', async () => {
    const handle = await createTestDatabase('pglite');
    const { db } = handle;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = db.transaction().execute(async (trx) => {
      await trx.insertInto('watches').values({ name: 'rolled back', query: 'x' }).execute();
      await gate;
      throw new Error('roll back');
    });
    // Issued while the transaction is open: must wait, and must not be rolled back with it.
    const outside = db.insertInto('watches').values({ name: 'outside', query: 'y' }).execute();
    release();
    await expect(tx).rejects.toThrow('roll back');
    await outside;
    const names = (await db.selectFrom('watches').select('name').execute()).map((r) => r.name);
    await handle.close();
    expect(names).toEqual(['outside']);
  });
});
