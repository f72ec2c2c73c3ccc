import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appInfoSchema, errorBodySchema, errorCodes, readyResponseSchema } from './index';

test('the error shape accepts every declared code and rejects unknown ones', () => {
  for (const code of errorCodes) {
    assert.ok(errorBodySchema.safeParse({ error: { code, message: 'm', request_id: 'r' } }).success);
  }
  assert.equal(
    errorBodySchema.safeParse({ error: { code: 'teapot', message: 'm', request_id: 'r' } }).success,
    false,
  );
  assert.equal(errorBodySchema.safeParse({ error: 'Bad Request' }).success, false);
});

test('readiness lists named checks', () => {
  const parsed = readyResponseSchema.parse({
    status: 'unavailable',
    checks: { database: { status: 'down', error: 'connection refused' }, redis: { status: 'skipped' } },
  });
  assert.equal(parsed.checks.database?.status, 'down');
  assert.equal(readyResponseSchema.safeParse({ status: 'meh', checks: {} }).success, false);
});

test('app info only knows the supported locales', () => {
  const info = {
    name: 'WhatPro Hub',
    version: '0.1.0',
    environment: 'test',
    chatwoot_url: null,
    default_locale: 'pt-BR',
    schema: { applied_migrations: 2, latest_migration_at: null },
  };
  assert.ok(appInfoSchema.safeParse(info).success);
  assert.equal(appInfoSchema.safeParse({ ...info, default_locale: 'fr' }).success, false);
});
