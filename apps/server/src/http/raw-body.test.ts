import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { AppError } from '../errors';
import {
  acceptSignedBodies,
  type SignedBody,
  signedBodyOf,
  timestampedSignatureValid,
  verifiedJson,
} from './raw-body';

const SECRET = 'raw-body-test-secret';

function sign(body: string, timestamp: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

describe('signed webhook bodies', () => {
  let app: FastifyInstance;
  const received: SignedBody[] = [];
  before(async () => {
    app = Fastify({ bodyLimit: 1_048_576 });
    app.post('/plain', async (request) => ({ parsed: request.body }));
    app.register(async (scope) => {
      acceptSignedBodies(scope, { bodyLimit: 2048 });
      scope.post('/signed', async (request) => {
        received.push(signedBodyOf(request));
        return { ok: true };
      });
    });
    await app.ready();
  });
  after(() => app.close());

  const post = async (payload: string, url = '/signed') => {
    received.length = 0;
    const response = await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload,
    });
    return { response, body: received[0] };
  };

  test('a signed route gets the exact bytes as sent beside their parsed JSON', async () => {
    const sent = '{ "name" : "Jos\\u00e9",\n  "n": 1 }';
    const { response, body } = await post(sent);
    assert.equal(response.statusCode, 200);
    assert.ok(body);
    assert.ok(body.bytes.equals(Buffer.from(sent, 'utf8')), 'bytes are as sent, escapes and spaces kept');
    assert.deepEqual(body.json, { name: 'José', n: 1 });
    assert.equal(body.jsonError, undefined);
  });

  test('routes outside the signed scope keep the normal JSON parser', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/plain',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":1}',
    });
    assert.deepEqual(response.json(), { parsed: { a: 1 } });
  });

  test('a signature verifies only over the exact bytes: whitespace or escaping that differs fails', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signedText = '{"name":"José"}';
    const signature = sign(signedText, timestamp);
    const variants = ['{"name":"Jos\\u00e9"}', '{ "name":"José"}', '{"name":"José"}\n', '{"name":"JOSÉ"}'];
    const exact = await post(signedText);
    assert.ok(exact.body);
    const check = (body: SignedBody) =>
      timestampedSignatureValid({
        secret: SECRET,
        timestamp,
        signature,
        bytes: body.bytes,
        windowSeconds: 300,
      });
    assert.equal(check(exact.body), true);
    for (const variant of variants) {
      const { body } = await post(variant);
      assert.ok(body);
      assert.notEqual(body.json, undefined, 'each variant is valid JSON');
      assert.equal(check(body), false, `${variant} must not verify`);
    }
  });

  test('a wrong secret, a stale or malformed timestamp and a malformed signature fail', () => {
    const bytes = Buffer.from('{"a":1}');
    const now = Math.floor(Date.now() / 1000);
    const valid = (timestamp: string, signature: string | undefined) =>
      timestampedSignatureValid({ secret: SECRET, timestamp, signature, bytes, windowSeconds: 300 });
    assert.equal(valid(String(now), sign('{"a":1}', String(now))), true);
    assert.equal(valid(String(now), sign('{"a":1}', String(now), 'another-secret')), false);
    assert.equal(valid(String(now - 301), sign('{"a":1}', String(now - 301))), false);
    assert.equal(valid(`${now}.0`, sign('{"a":1}', `${now}.0`)), false);
    assert.equal(valid(String(now), sign('{"a":1}', String(now)).toUpperCase()), false);
    assert.equal(valid(String(now), undefined), false);
  });

  test('a body that is not JSON, or that poisons prototypes, is kept but refused when read', async () => {
    for (const sent of ['{"a":', '{"__proto__":{"admin":true}}']) {
      const { response, body } = await post(sent);
      assert.equal(response.statusCode, 200, 'refusal waits until the signature is checked');
      assert.ok(body);
      assert.ok(body.bytes.equals(Buffer.from(sent)));
      assert.equal(body.json, undefined);
      assert.throws(
        () => verifiedJson(body, 'Webhook body'),
        (error: unknown) => error instanceof AppError && error.statusCode === 400,
      );
    }
  });

  test('the body limit holds for signed routes', async () => {
    const { response, body } = await post(JSON.stringify({ padding: 'x'.repeat(4096) }));
    assert.equal(response.statusCode, 413);
    assert.equal(body, undefined);
  });
});
