import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { type BuildAppOptions, buildApp } from '../app';
import { type Config, loadConfig } from '../config';
import { createTestDatabase, type TestDatabase } from './database';

/** A tiny stand-in for the built web app, so page routes can be tested without running Vite. */
function webFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'whatpro-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>WhatPro Hub</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log("hub")');
  return dir;
}

export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: 'memory://',
    JOBS_ENABLED: 'false',
    REDIS_URL: process.env.REDIS_URL,
    WEB_DIST_DIR: webFixture(),
    ...overrides,
  });
}

export interface CapturedLogs {
  lines: Record<string, unknown>[];
  text(): string;
}

export function captureLogs(): { stream: Writable; logs: CapturedLogs } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return {
    stream,
    logs: {
      get lines() {
        return chunks
          .join('')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>);
      },
      text: () => chunks.join(''),
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  logs: CapturedLogs;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string | undefined>;
  extraRoutes?: BuildAppOptions['extraRoutes'];
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const { stream, logs } = captureLogs();
  let app: FastifyInstance;
  try {
    app = await buildApp(testConfig(options.env), {
      database: db.database,
      logStream: stream,
      extraRoutes: options.extraRoutes,
    });
    await app.ready();
  } catch (error) {
    await db.drop();
    throw error;
  }
  return {
    app,
    db,
    logs,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
