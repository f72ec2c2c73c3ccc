import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../config';
import { createTestApp } from '../test/app';
import { chatwootOrigins, hubOrigins, originSpellings } from './origins';

describe('origin spellings', () => {
  test('outside production a loopback origin is accepted as localhost and 127.0.0.1, port kept', () => {
    assert.deepEqual(originSpellings('http://localhost:3001', 'development'), [
      'http://localhost:3001',
      'http://127.0.0.1:3001',
    ]);
    assert.deepEqual(originSpellings('http://127.0.0.1:3001', 'test'), [
      'http://127.0.0.1:3001',
      'http://localhost:3001',
    ]);
  });

  test('in production, and for any other host, only the configured origin counts', () => {
    assert.deepEqual(originSpellings('http://localhost:3001', 'production'), ['http://localhost:3001']);
    assert.deepEqual(originSpellings('https://chat.example.com', 'development'), [
      'https://chat.example.com',
    ]);
    assert.deepEqual(originSpellings('http://localhost.example.com:3001', 'development'), [
      'http://localhost.example.com:3001',
    ]);
  });

  test('the Chatwoot and Hub origins of a development configuration come in both spellings', () => {
    const config = loadConfig({ CHATWOOT_URL: 'http://localhost:3001', PORT: '3000' });
    assert.ok(chatwootOrigins(config).includes('http://127.0.0.1:3001'));
    assert.ok(hubOrigins(config).includes('http://127.0.0.1:3000'));
    assert.deepEqual(chatwootOrigins(loadConfig({})), []);
  });

  test('a development Hub pointed at localhost lets 127.0.0.1 frame it, call it and check its session', async () => {
    const t = await createTestApp({ env: { CHATWOOT_URL: 'http://localhost:3001' } });
    try {
      const page = await t.app.inject({ method: 'GET', url: '/embed', headers: { accept: 'text/html' } });
      assert.match(
        String(page.headers['content-security-policy']),
        /frame-ancestors http:\/\/localhost:3001 http:\/\/127\.0\.0\.1:3001(;|$)/,
      );
      const config = await t.app.inject({
        method: 'GET',
        url: '/api/v1/platform-app/config',
        headers: { origin: 'http://127.0.0.1:3001' },
      });
      assert.equal(config.headers['access-control-allow-origin'], 'http://127.0.0.1:3001');
      assert.deepEqual(config.json().chatwoot_origins, ['http://localhost:3001', 'http://127.0.0.1:3001']);
      const check = await t.app.inject({
        method: 'POST',
        url: '/api/v1/instance-tokens/session-check',
        headers: { origin: 'http://127.0.0.1:3001', 'x-whatpro-csrf': '1' },
        payload: { chatwoot_uid: null, account_id: null },
      });
      assert.deepEqual(check.json(), { hub_session: 'none' });
      const elsewhere = await t.app.inject({
        method: 'GET',
        url: '/api/v1/platform-app/config',
        headers: { origin: 'http://127.0.0.1:4001' },
      });
      assert.equal(
        elsewhere.headers['access-control-allow-origin'],
        undefined,
        'another port is another origin',
      );
    } finally {
      await t.close();
    }
  });
});
