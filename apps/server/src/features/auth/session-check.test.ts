import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Cache } from '../../infra/cache';
import { createTestApp, type TestApp } from '../../test/app';
import { createUser } from '../../test/factories';
import { revokeSessions } from './service';
import { activeSession, forgetSessions } from './session-check';

describe('session check: revocation always wins over a cached answer', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  /**
   * The app's own cache, with one interleaving forced: the first time an "active" answer is about to be
   * written (after the check read the database), the session is revoked through the real path. This is
   * the race of a request checking a session while another node logs it out.
   */
  function revokingBeforeFirstWrite(cache: Cache, revoke: () => Promise<void>): Cache {
    let fired = false;
    const revokeOnce = async (value: string) => {
      if (fired || value === 'revoked') return;
      fired = true;
      await revoke();
    };
    return {
      kind: cache.kind,
      get: (key) => cache.get(key),
      getMany: (keys) => cache.getMany(keys),
      delete: (key) => cache.delete(key),
      async set(key, value, ttlMs) {
        await revokeOnce(value);
        await cache.set(key, value, ttlMs);
      },
      async setIfAbsent(key, value, ttlMs) {
        await revokeOnce(value);
        return cache.setIfAbsent(key, value, ttlMs);
      },
    };
  }

  test('a revocation landing between the database read and the cache write is not overwritten', async () => {
    const { cache, database } = t.app.deps;
    const user = await createUser(t.app);
    const racing = revokingBeforeFirstWrite(cache, () =>
      revokeSessions(t.app.deps, [user.sessionId], 'logout'),
    );
    // The read saw the session live before the revocation committed; the request itself may pass,
    // as it began before the logout, but nothing after it may.
    await activeSession(database, racing, user.sessionId);
    assert.equal(await cache.get(`session:${user.sessionId}`), 'revoked');
    assert.equal(await activeSession(database, cache, user.sessionId), undefined);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: user.headers });
    assert.equal(me.statusCode, 401);
  });

  test('a revoked marker from another node refuses a session whose active answer was cached', async () => {
    const { cache, database } = t.app.deps;
    const user = await createUser(t.app);
    assert.ok(await activeSession(database, cache, user.sessionId));
    await forgetSessions(cache, [user.sessionId]);
    assert.equal(await activeSession(database, cache, user.sessionId), undefined);
    assert.equal(await cache.get(`session:${user.sessionId}`), 'revoked');
  });

  test('a cached "active" answer never outlives the session it describes', async () => {
    const { cache, database } = t.app.deps;
    const user = await createUser(t.app);
    const live = await activeSession(database, cache, user.sessionId);
    assert.equal(live?.userId, user.id);
    const cached = JSON.parse((await cache.get(`session:${user.sessionId}`)) as string);
    assert.equal(await activeSession(database, cache, user.sessionId, cached.expiresAt), undefined);
  });
});
