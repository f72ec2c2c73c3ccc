import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createTestApp } from '../test/app';

test('with an OTLP endpoint configured, request spans are exported to it', async () => {
  const received: { url: string; body: Buffer }[] = [];
  const collector = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ url: request.url ?? '', body: Buffer.concat(chunks) });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  const t = await createTestApp({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
  try {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/meta' });
    assert.equal(response.statusCode, 200);
  } finally {
    await t.close();
    collector.close();
  }
  const traces = received.filter((request) => request.url === '/v1/traces');
  assert.ok(traces.length > 0, 'spans were exported on shutdown');
  assert.ok(traces.some((request) => request.body.toString('latin1').includes('/api/v1/meta')));
});
