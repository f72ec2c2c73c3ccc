import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from '../test/database';
import { acquireDataDirLock, DataDirInUseError } from './data-dir-lock';
import { callbackQueries, openDatabase } from './database';
import { appliedMigrations } from './migrate';

describe('embedded data folder', () => {
  test('a second opener of the same folder fails with a clear message; a stale lock is taken over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'whatpro-lock-'));
    const lock = acquireDataDirLock(dir);
    assert.throws(
      () => acquireDataDirLock(dir),
      (error: Error) =>
        error instanceof DataDirInUseError &&
        error.message.includes(dir) &&
        error.message.includes(`pid ${process.pid}`) &&
        /set DATA_DIR to another folder/.test(error.message),
    );
    lock.release();
    assert.equal(existsSync(join(dir, 'hub.lock')), false);

    writeFileSync(join(dir, 'hub.lock'), '999999999');
    const reclaimed = acquireDataDirLock(dir);
    assert.equal(readFileSync(join(dir, 'hub.lock'), 'utf8'), String(process.pid));
    reclaimed.release();
  });

  test('another process on a folder in use is refused and told which pid holds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whatpro-lock-'));
    const lock = acquireDataDirLock(dir);
    try {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import('${join(import.meta.dirname, 'data-dir-lock.ts')}').then(m => m.acquireDataDirLock(${JSON.stringify(dir)}))`,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      const code = await new Promise((resolve) => child.on('close', resolve));
      assert.notEqual(code, 0);
      assert.match(stderr, new RegExp(`in use by another Hub process \\(pid ${process.pid}\\)`));
    } finally {
      lock.release();
    }
  });

  test('data survives a restart of the embedded database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whatpro-data-'));
    const first = await openDatabase({ dataDir: dir });
    await first.migrate();
    await first.query(
      "insert into accounts (id, installation, name) values (7, 'https://chat.test', 'Kept')",
      [],
    );
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    try {
      await second.migrate();
      const { rows } = await second.query('select name from accounts where id = $1', [7]);
      assert.equal(rows[0]?.name, 'Kept');
    } finally {
      await second.close();
    }
  });
});

describe('migrations', () => {
  test('running them again is a no-op', async () => {
    const t = await createTestDatabase();
    try {
      const before = await appliedMigrations(t.database);
      await t.database.migrate();
      assert.deepEqual(await appliedMigrations(t.database), before);
      assert.ok(before.applied >= 2);
    } finally {
      await t.drop();
    }
  });

  test('several nodes migrating one PostgreSQL database at once all succeed', {
    skip: !process.env.DATABASE_URL,
  }, async () => {
    const t = await createTestDatabase();
    try {
      await t.database.query(
        'drop schema public cascade; create schema public; drop schema drizzle cascade',
        [],
      );
      const nodes = await Promise.all(
        [1, 2, 3, 4].map(() => openDatabase({ databaseUrl: t.url, dataDir: 'memory://', poolMax: 2 })),
      );
      try {
        await Promise.all(nodes.map((node) => node.migrate()));
        const { rows } = await t.database.query(
          'select count(*)::int as n from drizzle.__drizzle_migrations',
          [],
        );
        const files = readFileSync(join(import.meta.dirname, '../../drizzle/meta/_journal.json'), 'utf8');
        assert.equal(rows[0]?.n, JSON.parse(files).entries.length);
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
      }
    } finally {
      await t.drop();
    }
  });
});

describe('statements sent with a callback', () => {
  test('answer rows and errors as promises and leave the caller’s config untouched', {
    skip: !process.env.DATABASE_URL,
  }, async () => {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    const client = await pool.connect();
    try {
      const connection = callbackQueries(client);
      const config = { name: 'callback-queries-test', text: 'select $1::int + 1 as next' };
      for (const value of [1, 41]) {
        const { rows } = await connection.query(config, [value]);
        assert.deepEqual(rows, [{ next: value + 1 }]);
      }
      assert.deepEqual(config, { name: 'callback-queries-test', text: 'select $1::int + 1 as next' });
      await assert.rejects(connection.query('select 1 / 0'), { code: '22012' });
      assert.deepEqual((await connection.query('select 2 as two')).rows, [{ two: 2 }]);
    } finally {
      client.release();
      await pool.end();
    }
  });
});
