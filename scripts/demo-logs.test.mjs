import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { demoLogging, readableLogStream } from './demo-logs.mjs';

function prettyPrinted(lines) {
  const destination = new PassThrough();
  let printed = '';
  destination.on('data', (chunk) => {
    printed += chunk;
  });
  const stream = readableLogStream(destination);
  return new Promise((resolve) => {
    destination.on('finish', () => resolve(printed));
    stream.end(`${lines.join('\n')}\n`);
  });
}

test('the demo start asks the Hub for warnings and errors only, unless LOG_LEVEL is set', () => {
  assert.deepEqual(demoLogging({}), { readable: true, hubEnv: { LOG_LEVEL: 'warn' } });
  assert.deepEqual(demoLogging({ LOG_LEVEL: 'info' }).hubEnv, { LOG_LEVEL: 'info' });
});

test('production keeps JSON logs at the configured level', () => {
  assert.deepEqual(demoLogging({ NODE_ENV: 'production' }), { readable: false, hubEnv: {} });
});

test("a pino JSON line becomes one readable line; the Hub's own sentences pass unchanged", async () => {
  const printed = await prettyPrinted([
    JSON.stringify({
      level: 'warn',
      time: '2026-12-01T22:00:00.000Z',
      service: 'whatpro-hub',
      request_id: 'req-1',
      status: 503,
      msg: 'request completed',
    }),
    'WhatPro Hub is running at http://localhost:3000',
  ]);
  const lines = printed.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^\[\d\d:\d\d:\d\d\] WARN: request completed .*"status":503/);
  assert.doesNotMatch(lines[0], /"level"|"service"|"msg"/);
  assert.equal(lines[1], 'WhatPro Hub is running at http://localhost:3000');
});
