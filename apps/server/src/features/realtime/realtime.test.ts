import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { createTestApp, type TestApp } from '../../test/app';
import { createUser, type TestUser } from '../../test/factories';
import { WS_PROTOCOL } from '../auth/guard';
import { ACCESS_AUDIENCE, signAccessToken, signingKeys } from '../auth/tokens';
import { SESSION_ENDED_CLOSE_CODE, TOKEN_EXPIRED_CLOSE_CODE } from './routes';

function connect(url: string, protocols: string[], headers: Record<string, string> = {}) {
  const socket = new WebSocket(url, protocols, { headers });
  return new Promise<{ socket: WebSocket; hello: unknown }>((resolve, reject) => {
    socket.once('message', (data) => resolve({ socket, hello: JSON.parse(String(data)) }));
    socket.once('unexpected-response', (request, response) => {
      // With this listener attached, ws leaves the refused HTTP exchange open for us to end.
      request.destroy();
      reject(new Error(`HTTP ${response.statusCode}`));
    });
    socket.once('error', reject);
  });
}

describe('realtime socket', () => {
  let t: TestApp;
  let wsUrl: string;
  let user: TestUser;
  before(async () => {
    t = await createTestApp();
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    wsUrl = `${address.replace('http', 'ws')}/ws`;
    user = await createUser(t.app);
  });
  after(() => t.close());

  test('authenticates before the upgrade: no token or a bad one never gets a socket', async () => {
    await assert.rejects(connect(wsUrl, [WS_PROTOCOL]), /HTTP 401/);
    await assert.rejects(connect(wsUrl, [WS_PROTOCOL, 'bearer.forged']), /HTTP 401/);
  });

  test('refuses other origins (cross-site WebSocket hijacking)', async () => {
    await assert.rejects(
      connect(wsUrl, [WS_PROTOCOL, `bearer.${user.accessToken}`], { origin: 'https://evil.example' }),
      /HTTP 403/,
    );
  });

  test('a signed-in user connects with the Hub subprotocol', async () => {
    const { socket, hello } = await connect(wsUrl, [WS_PROTOCOL, `bearer.${user.accessToken}`], {
      origin: 'http://localhost:3000',
    });
    assert.equal(socket.protocol, WS_PROTOCOL);
    assert.equal((hello as { type: string }).type, 'hello');
    socket.close();
  });

  test("logout closes that session's sockets at once, and only those", async () => {
    const other = await createUser(t.app);
    const mine = await connect(wsUrl, [WS_PROTOCOL, `bearer.${user.accessToken}`]);
    const theirs = await connect(wsUrl, [WS_PROTOCOL, `bearer.${other.accessToken}`]);
    const closed = new Promise<number>((resolve) => mine.socket.on('close', (code) => resolve(code)));
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: user.headers });
    assert.equal(logout.statusCode, 204);
    assert.equal(await closed, SESSION_ENDED_CLOSE_CODE);
    assert.equal(theirs.socket.readyState, WebSocket.OPEN);
    theirs.socket.close();
  });

  // A socket that never closes fails here rather than hanging the run.
  test('a socket closes when the access token that opened it expires, while the session lives on', {
    timeout: 15_000,
  }, async () => {
    const { config } = t.app.deps;
    const user = await createUser(t.app);
    const now = Math.floor(Date.now() / 1000);
    const [key] = signingKeys(config.sessionSecret);
    const shortLived = await signAccessToken(
      {
        iss: config.publicUrl,
        aud: ACCESS_AUDIENCE,
        sub: user.id,
        sid: user.sessionId,
        typ: 'access',
        iat: now,
        exp: now + 2,
      },
      key!,
    );
    const longLived = await connect(wsUrl, [WS_PROTOCOL, `bearer.${user.accessToken}`]);
    const { socket } = await connect(wsUrl, [WS_PROTOCOL, `bearer.${shortLived}`]);
    const closed = await new Promise<{ code: number; at: number }>((resolve) =>
      socket.on('close', (code) => resolve({ code, at: Date.now() })),
    );
    assert.equal(closed.code, TOKEN_EXPIRED_CLOSE_CODE);
    assert.ok(closed.at >= (now + 2) * 1000, 'not before the token expired');
    assert.equal(longLived.socket.readyState, WebSocket.OPEN, 'a socket with a live token stays open');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: user.headers });
    assert.equal(me.statusCode, 200, 'the session itself was not ended');
    longLived.socket.close();
  });
});
