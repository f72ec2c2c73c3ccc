import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import { auditLogSchema } from '@whatpro/contracts';
import { and, eq } from 'drizzle-orm';
import { accounts, accountUsers, auditLogs, refreshTokens, sessions, users } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, createUser } from '../../test/factories';
import { presentAuditLog } from '../audit/queries';
import { CSRF_HEADER, REFRESH_COOKIE } from './routes';
import { REFRESH_REUSE_GRACE_MS } from './service';
import { ACCESS_AUDIENCE, hashSecret, signAccessToken, signingKeys } from './tokens';

const ANA_ADMIN = 'sandbox-token-ana-admin';
const BRUNO_AGENT = 'sandbox-token-bruno-agent';
const CARLA_DUAL = 'sandbox-token-carla-dual';
const EVA_AGENT = 'sandbox-token-eva-agent';

describe('identity: SSO, tokens, refresh rotation, sessions', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  before(async () => {
    sandbox = await startSandbox();
    t = await createTestApp({ env: { CHATWOOT_URL: sandbox.url } });
  });
  after(async () => {
    await t.close();
    await sandbox.close();
  });

  // Each call comes from its own address so the per-IP rate limit of the auth routes stays out of the way.
  let nextAddress = 1;
  const freshAddress = () =>
    `10.${process.pid % 250}.${Math.floor(nextAddress / 250)}.${nextAddress++ % 250}`;
  async function sso(payload: Record<string, string>, remoteAddress = freshAddress()) {
    return t.app.inject({ method: 'POST', url: '/api/v1/auth/sso', payload, remoteAddress });
  }
  async function signIn(token = ANA_ADMIN) {
    const response = await sso({ api_access_token: token });
    assert.equal(response.statusCode, 200, response.body);
    const cookie = response.cookies.find((c) => c.name === REFRESH_COOKIE);
    assert.ok(cookie, 'refresh cookie set');
    return { body: response.json(), refresh: cookie.value, cookie };
  }
  const refresh = (token: string, headers: Record<string, string> = { [CSRF_HEADER]: '1' }) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers,
      cookies: { [REFRESH_COOKIE]: token },
      remoteAddress: freshAddress(),
    });
  const me = (accessToken: string) =>
    t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });

  test('S-SSO-1: SSO with a personal token: identity and roles come from Chatwoot, the cookie is CHIPS-ready', async () => {
    const { body, cookie } = await signIn(CARLA_DUAL);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 900);
    assert.deepEqual(
      body.user.accounts.map((a: { account_id: number; role: string }) => [a.account_id, a.role]),
      [
        [1, 'agent'],
        [2, 'admin'],
      ],
    );
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.secure, true);
    assert.equal(cookie.sameSite, 'None');
    assert.equal(cookie.path, '/');
    assert.ok(cookie.partitioned, 'Partitioned');
    const [stored] = await t.app.deps.database.system
      .select()
      .from(users)
      .where(eq(users.email, body.user.email));
    assert.ok(stored);
    assert.doesNotMatch(JSON.stringify(stored), /sandbox-token/);
  });

  test('S-SSO-1: SSO with the devise triple read from cw_d_session_info', async () => {
    const signedIn = sandbox.control.signIn({ email: 'bruno.agent@acme.test' });
    const response = await sso({
      access_token: signedIn.headers['access-token'] as string,
      client: signedIn.headers.client as string,
      uid: signedIn.headers.uid as string,
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().user.email, 'bruno.agent@acme.test');
  });

  test('SSO refuses bad credentials (401, audited), bad bodies (400) and unknown fields (400)', async () => {
    const failuresBefore = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.action, 'auth.sso_failed'));
    const bad = await sso({ api_access_token: 'not-a-real-token' });
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json().error.code, 'unauthorized');
    const failures = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.action, 'auth.sso_failed'));
    assert.equal(failures.length, failuresBefore.length + 1, 'the refusal is audited once');
    assert.equal((await sso({})).statusCode, 400);
    assert.equal((await sso({ api_access_token: ANA_ADMIN, role: 'super_admin' })).statusCode, 400);
    assert.equal((await sso({ access_token: 'x', client: 'y' })).statusCode, 400);
  });

  test('S-SSO-3: an account id that belongs to another Chatwoot installation is never joined', async () => {
    await t.app.deps.database.system
      .insert(accounts)
      .values({ id: 2, installation: 'https://other-chatwoot.example', name: 'Someone else' })
      .onConflictDoUpdate({ target: accounts.id, set: { installation: 'https://other-chatwoot.example' } });
    try {
      const { body } = await signIn(CARLA_DUAL);
      assert.deepEqual(
        body.user.accounts.map((a: { account_id: number }) => a.account_id),
        [1],
      );
    } finally {
      await t.app.deps.database.system
        .update(accounts)
        .set({ installation: sandbox.url })
        .where(eq(accounts.id, 2));
    }
  });

  test('roles granted in the Hub survive a Chatwoot re-sync; Chatwoot roles follow Chatwoot', async () => {
    const { body } = await signIn(BRUNO_AGENT);
    await t.app.deps.database.system
      .update(accountUsers)
      .set({ role: 'supervisor', roleSource: 'hub' })
      .where(and(eq(accountUsers.userId, body.user.id), eq(accountUsers.accountId, 1)));
    const again = await signIn(BRUNO_AGENT);
    assert.equal(again.body.user.accounts[0].role, 'supervisor');
    await t.app.deps.database.system
      .update(accountUsers)
      .set({ role: 'viewer', roleSource: 'chatwoot' })
      .where(and(eq(accountUsers.userId, body.user.id), eq(accountUsers.accountId, 1)));
    const followed = await signIn(BRUNO_AGENT);
    assert.equal(followed.body.user.accounts[0].role, 'agent', "a Chatwoot-sourced role is Chatwoot's again");
  });

  test('S-TOK-1: forged, unsigned and key-pointing tokens are refused', async () => {
    const { body } = await signIn();
    const [header, payload] = body.access_token.split('.');
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const [key] = signingKeys(t.app.deps.config.sessionSecret);
    const signWith = (h: object, c: object, secret: Buffer | string = key!.secret) => {
      const head = `${encode(h)}.${encode(c)}`;
      return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
    };
    const forged = [
      `${encode({ alg: 'none', typ: 'JWT', kid: key!.id })}.${payload}.`,
      `${header}.${payload}`,
      `${header}.${payload}.${'A'.repeat(43)}`,
      signWith({ alg: 'HS256', typ: 'JWT', kid: key!.id, jku: 'https://evil.example/keys' }, claims),
      signWith({ alg: 'HS256', typ: 'JWT', kid: key!.id, jwk: { kty: 'oct', k: 'AAAA' } }, claims),
      signWith({ alg: 'HS512', typ: 'JWT', kid: key!.id }, claims),
      signWith({ alg: 'HS256', typ: 'JWT', kid: 'other' }, claims),
      signWith({ alg: 'HS256', typ: 'JWT', kid: key!.id }, claims, 'guessed-secret'),
      'x'.repeat(5000),
      'garbage',
    ];
    assert.equal((await me(body.access_token)).statusCode, 200);
    for (const token of forged) {
      const response = await me(token);
      assert.equal(response.statusCode, 401, token.slice(0, 60));
    }
  });

  test('S-TOK-2: expired, wrong-audience, wrong-issuer and wrong-kind tokens are refused (cross-use matrix)', async () => {
    const { body, refresh: refreshToken } = await signIn();
    const [key] = signingKeys(t.app.deps.config.sessionSecret);
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
    const now = Math.floor(Date.now() / 1000);
    const variants = [
      { ...claims, exp: now - 1 },
      { ...claims, aud: 'whatpro-hub:instance' },
      { ...claims, iss: 'https://evil.example' },
      { ...claims, typ: 'refresh' },
      { ...claims, iat: now + 3600, exp: now + 7200 },
    ];
    for (const variant of variants) {
      assert.equal((await me(await signAccessToken(variant, key!))).statusCode, 401, JSON.stringify(variant));
    }
    // Key rotation by key id: a token signed with a retired secret that is no longer configured is refused.
    const [retired] = signingKeys('a-retired-session-secret-of-at-least-32-chars');
    assert.equal((await me(await signAccessToken(claims, retired!))).statusCode, 401);
    assert.equal(ACCESS_AUDIENCE, claims.aud);
    // A refresh token is not an access token, and an access token is not a refresh token.
    assert.equal((await me(refreshToken)).statusCode, 401);
    assert.equal((await refresh(body.access_token)).statusCode, 401);
    // A real, live API key of an account cannot act as a user.
    const admin = await signIn(ANA_ADMIN);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/1/api-keys',
      headers: { authorization: `Bearer ${admin.body.access_token}` },
      payload: { name: 'not a user', scopes: ['members:read:account'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const asUser = await me(created.json().key);
    assert.equal(asUser.statusCode, 401);
    assert.match(asUser.json().error.message, /user session/);
  });

  test('S-TOK-5 / S-AK-4: credentials in the query string are refused', async () => {
    const { body } = await signIn();
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/auth/me?access_token=${body.access_token}`,
    });
    assert.equal(response.statusCode, 401);
    assert.match(response.json().error.message, /URL/);
    assert.ok(!t.logs.text().includes(body.access_token), 'the token never reaches the logs');
  });

  test('S-RT-1: refresh rotates; the old refresh token no longer works', async () => {
    const first = await signIn();
    const rotated = await refresh(first.refresh);
    assert.equal(rotated.statusCode, 200, rotated.body);
    const next = rotated.cookies.find((c) => c.name === REFRESH_COOKIE)?.value;
    assert.ok(next && next !== first.refresh);
    assert.equal((await me(rotated.json().access_token)).statusCode, 200);
    assert.equal(rotated.json().session_id, first.body.session_id);
    const audited = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.action, 'auth.refresh'));
    assert.ok(audited.some((row) => row.newValues?.session_id === first.body.session_id));
  });

  test('S-RT-2: replaying a used refresh token after the grace window revokes the whole family, and it is audited', async () => {
    const first = await signIn();
    const rotated = await refresh(first.refresh);
    const second = rotated.cookies.find((c) => c.name === REFRESH_COOKIE)!.value;
    await t.app.deps.database.system
      .update(refreshTokens)
      .set({ usedAt: new Date(Date.now() - REFRESH_REUSE_GRACE_MS - 1000) })
      .where(eq(refreshTokens.tokenHash, hashSecret(first.refresh)));
    assert.equal((await refresh(first.refresh)).statusCode, 401);
    const family = await t.app.deps.database.system
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.sessionId, first.body.session_id));
    assert.ok(
      family.every((row) => row.revokedAt !== null),
      'every token of the family is revoked',
    );
    const [session] = await t.app.deps.database.system
      .select()
      .from(sessions)
      .where(eq(sessions.id, first.body.session_id));
    assert.equal(session?.revokedReason, 'refresh_token_reuse');
    assert.equal((await refresh(second)).statusCode, 401, 'the unused successor dies too');
    assert.equal(
      (await me(first.body.access_token)).statusCode,
      401,
      'access tokens of the session die at once',
    );
    assert.equal((await me(rotated.json().access_token)).statusCode, 401);
    const rows = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.action, 'auth.refresh_reuse_detected'));
    const row = rows.find((r) => r.newValues?.session_id === first.body.session_id);
    assert.ok(row, 'reuse audited');
    assert.equal(row.newValues?.user_id, first.body.user.id);
  });

  test('S-RT-3 / S-RT-4: five concurrent refreshes of one token all stay signed in, in one session, none revoked', async () => {
    const { body, refresh: token } = await signIn();
    const results = await Promise.all(Array.from({ length: 5 }, () => refresh(token)));
    for (const result of results) {
      assert.equal(result.statusCode, 200, result.body);
      assert.equal(result.json().session_id, body.session_id);
      assert.equal((await me(result.json().access_token)).statusCode, 200);
    }
    const successors = results.map((r) => r.cookies.find((c) => c.name === REFRESH_COOKIE)!.value);
    assert.equal(new Set(successors).size, 5, 'each caller gets a refresh token of its own');
    const family = await t.app.deps.database.system
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.sessionId, body.session_id));
    assert.equal(family.length, 6, 'the presented token and five successors, all in one family');
    assert.ok(family.every((row) => row.revokedAt === null));
    const claimed = family.find((row) => row.tokenHash === hashSecret(token));
    assert.ok(claimed?.usedAt, 'the presented token was claimed once');
    const [session] = await t.app.deps.database.system
      .select()
      .from(sessions)
      .where(eq(sessions.id, body.session_id));
    assert.equal(session?.revokedAt, null);
    const rotated = await refresh(successors[0]!);
    assert.equal(rotated.statusCode, 200, 'a successor rotates as usual');
    const reuse = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.action, 'auth.refresh_reuse_detected'));
    assert.ok(reuse.every((row) => row.newValues?.session_id !== body.session_id));
  });

  test('a token in its grace window yields nothing once the session is revoked (logout is final)', async () => {
    const first = await signIn();
    const rotated = await refresh(first.refresh);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${rotated.json().access_token}` },
    });
    assert.equal(out.statusCode, 204);
    assert.equal((await refresh(first.refresh)).statusCode, 401);
    const family = await t.app.deps.database.system
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.sessionId, first.body.session_id));
    assert.equal(family.length, 2, 'no sibling was issued');
  });

  test('refresh needs the CSRF header and an allowed Origin', async () => {
    const { refresh: token } = await signIn();
    assert.equal((await refresh(token, {})).statusCode, 401);
    assert.equal(
      (await refresh(token, { [CSRF_HEADER]: '1', origin: 'https://evil.example' })).statusCode,
      401,
    );
    assert.equal(
      (await refresh(token, { [CSRF_HEADER]: '1', origin: 'http://localhost:3000' })).statusCode,
      200,
    );
  });

  test('S-TOK-3 / S-LO-1: logout revokes at once and clears the cookie', async () => {
    const { body, refresh: token } = await signIn();
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    assert.equal(out.statusCode, 204);
    const cleared = out.cookies.find((c) => c.name === REFRESH_COOKIE);
    assert.equal(cleared?.value, '');
    assert.equal((await me(body.access_token)).statusCode, 401);
    assert.equal((await refresh(token)).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode, 401);
  });

  test('S-TOK-3: a user disabled by Chatwoot sync loses access at once, though their session was cached as active', async () => {
    const eva = await signIn(EVA_AGENT);
    assert.equal((await me(eva.body.access_token)).statusCode, 200, 'the session is now cached as active');
    const admin = await signIn(ANA_ADMIN);
    const adminHeaders = { authorization: `Bearer ${admin.body.access_token}` };
    const connected = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/accounts/1/chatwoot/connection',
      headers: adminHeaders,
      payload: { api_access_token: ANA_ADMIN },
    });
    assert.equal(connected.statusCode, 200, connected.body);
    const evaInChatwoot = sandbox.state.db.users.find((user) => user.email === eva.body.user.email);
    assert.ok(evaInChatwoot);
    sandbox.control.removeAgent({ accountId: 1, userId: evaInChatwoot.id });
    const sync = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/1/inboxes/sync',
      headers: adminHeaders,
    });
    assert.equal(sync.statusCode, 200, sync.body);
    const [stored] = await t.app.deps.database.system
      .select()
      .from(users)
      .where(eq(users.id, eva.body.user.id));
    assert.equal(stored?.status, 'disabled');
    assert.equal((await me(eva.body.access_token)).statusCode, 401);
    assert.equal((await refresh(eva.refresh)).statusCode, 401);
  });

  test('a member the Chatwoot reconcile removes gets 404 in that account at once, though their seat was cached', async () => {
    const admin = await signIn(ANA_ADMIN);
    const adminHeaders = { authorization: `Bearer ${admin.body.access_token}` };
    const kept = await createTenant(t.app, 'Kept');
    const member = await createUser(t.app, { accountId: 1, role: 'agent' });
    await t.app.deps.database.system
      .insert(accountUsers)
      .values({ accountId: kept.accountId, userId: member.id, role: 'agent', chatwootRole: 'agent' });
    const inboxesOf = (accountId: number) =>
      t.app.inject({ method: 'GET', url: `/api/v1/accounts/${accountId}/inboxes`, headers: member.headers });
    assert.equal((await inboxesOf(1)).statusCode, 200, 'the seat is now cached');
    const connected = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/accounts/1/chatwoot/connection',
      headers: adminHeaders,
      payload: { api_access_token: ANA_ADMIN },
    });
    assert.equal(connected.statusCode, 200, connected.body);
    // Chatwoot lists no agent with this member's id, so the reconcile (run by connecting, and again
    // here) ends the seat in account 1.
    const sync = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/1/inboxes/sync',
      headers: adminHeaders,
    });
    assert.equal(sync.statusCode, 200, sync.body);
    const seats = await t.app.deps.database.system
      .select({ accountId: accountUsers.accountId })
      .from(accountUsers)
      .where(eq(accountUsers.userId, member.id));
    assert.deepEqual(seats, [{ accountId: kept.accountId }]);
    const removed = await inboxesOf(1);
    assert.equal(removed.statusCode, 404, removed.body);
    assert.equal(
      (await inboxesOf(kept.accountId)).statusCode,
      200,
      'the seat elsewhere and the session remain',
    );
  });

  test('S-LO-2: users list their sessions and end one or all others; other people’s sessions are 404', async () => {
    const a = await signIn(BRUNO_AGENT);
    const b = await signIn(BRUNO_AGENT);
    const auth = { authorization: `Bearer ${a.body.access_token}` };
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: auth });
    assert.equal(list.statusCode, 200);
    const sessions = list.json().sessions as { id: string; current: boolean }[];
    assert.ok(sessions.some((s) => s.id === a.body.session_id && s.current));
    assert.ok(sessions.some((s) => s.id === b.body.session_id && !s.current));

    const stranger = await createUser(t.app);
    const foreign = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${stranger.sessionId}`,
      headers: auth,
    });
    assert.equal(foreign.statusCode, 404);
    assert.equal((await me(stranger.accessToken)).statusCode, 200);
    const badId = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/sessions/not-a-uuid',
      headers: auth,
    });
    assert.equal(badId.statusCode, 400);

    const ended = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${b.body.session_id}`,
      headers: auth,
    });
    assert.equal(ended.statusCode, 204);
    assert.equal((await me(b.body.access_token)).statusCode, 401);

    const c = await signIn(BRUNO_AGENT);
    const others = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sessions/end-others',
      headers: auth,
    });
    assert.equal(others.statusCode, 200);
    assert.ok(others.json().ended >= 1);
    assert.equal((await me(c.body.access_token)).statusCode, 401);
    assert.equal((await me(a.body.access_token)).statusCode, 200);
  });

  test('S-TOK-4: an idle refresh token lapses, and no refresh outlives the session', async () => {
    const idle = await signIn();
    await t.app.deps.database.system
      .update(refreshTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(refreshTokens.tokenHash, hashSecret(idle.refresh)));
    assert.equal((await refresh(idle.refresh)).statusCode, 401, 'idle timeout');

    const old = await signIn();
    await t.app.deps.database.system
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, old.body.session_id));
    assert.equal((await refresh(old.refresh)).statusCode, 401, 'absolute lifetime');
    assert.equal((await me(old.body.access_token)).statusCode, 401);

    const fresh = await signIn();
    const [token] = await t.app.deps.database.system
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashSecret(fresh.refresh)));
    const [session] = await t.app.deps.database.system
      .select()
      .from(sessions)
      .where(eq(sessions.id, fresh.body.session_id));
    assert.ok(token && session);
    assert.ok(token.expiresAt <= session.expiresAt);
    assert.ok(session.expiresAt.getTime() - session.createdAt.getTime() <= 7 * 24 * 3600_000 + 1000);
  });

  test('SSO is rate limited per address: 429 with Retry-After', async () => {
    const address = freshAddress();
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof sso>> | undefined;
    for (let i = 0; i < 21; i++) {
      last = await sso({ api_access_token: 'wrong' }, address);
      statuses.push(last.statusCode);
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401));
    assert.equal(statuses[20], 429);
    assert.ok(Number(last?.headers['retry-after']) > 0);
    assert.equal(last?.json().error.code, 'rate_limited');
    assert.equal(
      (await sso({ api_access_token: ANA_ADMIN })).statusCode,
      200,
      'other addresses are unaffected',
    );
  });

  test('after sign-in, limits follow the user, not the address', async () => {
    const { body } = await signIn(CARLA_DUAL);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sessions/end-others',
        headers: { authorization: `Bearer ${body.access_token}` },
        remoteAddress: freshAddress(),
      });
      statuses.push(response.statusCode);
    }
    assert.deepEqual(statuses.slice(0, 30), Array(30).fill(200));
    assert.equal(statuses[30], 429);
  });

  test('audit rows carry who, what, where from and the request id', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sso',
      payload: { api_access_token: ANA_ADMIN },
      headers: { 'user-agent': 'audit-test', 'x-request-id': 'audit-request-1' },
      remoteAddress: freshAddress(),
    });
    assert.equal(response.statusCode, 200);
    const [row] = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.requestId, 'audit-request-1'));
    assert.ok(row);
    assert.equal(row.action, 'auth.login');
    assert.equal(row.actorType, 'user');
    assert.equal(row.actorId, response.json().user.id);
    assert.equal(row.userAgent, 'audit-test');
    auditLogSchema.parse(presentAuditLog(row));
  });
});
