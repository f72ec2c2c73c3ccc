import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { shutdown } from './lifecycle';
import { createTestApp } from './test/app';
import { createTenant } from './test/factories';
import { openSocket, realtimeTicket } from './test/realtime';

const mainPath = join(import.meta.dirname, 'main.ts');

describe('graceful shutdown in process', () => {
  test('in-flight requests finish, WebSockets close with 1001, then new connections are refused', async () => {
    let releaseSlow: () => void = () => {};
    let markSlowStarted: () => void = () => {};
    const slowStarted = new Promise<void>((resolve) => {
      markSlowStarted = resolve;
    });
    const t = await createTestApp({
      extraRoutes: async (scope: FastifyInstance) => {
        scope.get(
          '/api/v1/fixtures/slow',
          { config: { access: 'public' }, schema: { response: { 200: z.object({ done: z.boolean() }) } } },
          async () => {
            markSlowStarted();
            await new Promise<void>((resolve) => {
              releaseSlow = resolve;
            });
            return { done: true };
          },
        );
      },
    });
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { accountId, users } = await createTenant(t.app);
    const { closed: closeCode } = await openSocket(
      address,
      await realtimeTicket(address, users.agent, accountId),
    );

    const slow = fetch(`${address}/api/v1/fixtures/slow`);
    await slowStarted;
    const stopped = shutdown(t.app, 5_000);
    assert.equal(await closeCode, 1001);
    setTimeout(() => releaseSlow(), 100);
    const response = await slow;
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { done: true });
    await stopped;
    await assert.rejects(fetch(`${address}/health/live`), /fetch failed/);
    await t.db.drop();
  });
});

function startHub(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', mainPath], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
      HOST: '127.0.0.1',
      PORT: '0',
      ...env,
    },
  });
}

function collect(child: ChildProcessWithoutNullStreams) {
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => {
    output.stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output.stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { output, exited };
}

describe('the main process', () => {
  test('SIGTERM drains, releases the data folder and exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'whatpro-main-'));
    const child = startHub({ DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' });
    const { output, exited } = collect(child);
    const url = await new Promise<string>((resolve, reject) => {
      // A fresh embedded data folder runs initdb and every migration first: minutes on a loaded machine.
      const timer = setTimeout(() => reject(new Error(`no start: ${output.stderr}`)), 120_000);
      child.stdout.on('data', () => {
        const match = output.stdout.match(/running at (http:\/\/\S+)/);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    assert.ok(existsSync(join(dataDir, 'hub.lock')));
    assert.equal((await fetch(`${url}/health/ready`)).status, 200);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(existsSync(join(dataDir, 'hub.lock')), false);
  });

  test('an unreachable database at boot stops the process with a clear message and a non-zero code', async () => {
    const child = startHub({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' });
    const { output, exited } = collect(child);
    assert.equal(await exited, 1);
    assert.match(output.stderr, /WhatPro Hub failed to start: .*(ECONNREFUSED|connect)/);
  });

  test('invalid configuration stops the process naming each bad variable', async () => {
    const child = startHub({ PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
    const { output, exited } = collect(child);
    assert.equal(await exited, 1);
    assert.match(output.stderr, /PORT: /);
    assert.match(output.stderr, /DATABASE_URL: must start with postgres:\/\//);
  });
});
