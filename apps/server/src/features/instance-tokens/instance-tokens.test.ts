import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '@whatpro/chatwoot-sandbox';
import { and, eq } from 'drizzle-orm';
import { auditLogs, instanceTokens } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { REFRESH_COOKIE } from '../auth/routes';
import { hashSecret } from '../auth/tokens';

const HUB_ORIGIN = 'http://localhost:3000';

describe('instance tokens (S-PM-3, S-PM-4)', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let devise: { access_token: string; client: string; uid: string };
  before(async () => {
    sandbox = await startSandbox();
    t = await createTestApp({ env: { CHATWOOT_URL: sandbox.url } });
    const signedIn = sandbox.control.signIn({ email: 'ana.admin@acme.test' });
    devise = {
      access_token: String(signedIn.headers['access-token']),
      client: String(signedIn.headers.client),
      uid: String(signedIn.headers.uid),
    };
  });
  after(async () => {
    await t.close();
    await sandbox.close();
  });

  let address = 1;
  const remoteAddress = () => `10.77.${Math.floor(address / 250)}.${address++ % 250}`;
  const issue = (payload: object, origin = sandbox.url) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/instance-tokens',
      payload,
      headers: { origin },
      remoteAddress: remoteAddress(),
    });
  const exchange = (token: string, origin: string | null = HUB_ORIGIN) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/instance-tokens/exchange',
      payload: { instance_token: token },
      headers: origin ? { origin } : {},
      remoteAddress: remoteAddress(),
    });
  const validate = (token: string) =>
    t.app.inject({
      method: 'GET',
      url: '/api/v1/instance-tokens/validate',
      headers: { authorization: `Bearer ${token}` },
      remoteAddress: remoteAddress(),
    });
  async function freshToken(accountId = 1): Promise<string> {
    const response = await issue({ chatwoot: devise, account_id: accountId });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().instance_token;
  }

  test("the Dashboard Script gets a 60-second token for the agent's account, CORS-allowed from Chatwoot", async () => {
    const response = await issue({ chatwoot: devise, account_id: 1 });
    assert.equal(response.statusCode, 201);
    assert.equal(response.headers['access-control-allow-origin'], sandbox.url);
    const body = response.json();
    assert.match(body.instance_token, /^whi_[A-Za-z0-9_-]{43}$/);
    assert.equal(body.expires_in, 60);
    const [row] = await t.app.deps.database.system
      .select()
      .from(instanceTokens)
      .where(eq(instanceTokens.tokenHash, hashSecret(body.instance_token)));
    assert.ok(row);
    assert.ok(row.expiresAt.getTime() - Date.now() <= 60_000);
    assert.deepEqual(row.scopes, ['session:create']);
  });

  test('validate reports the binding without using the token', async () => {
    const token = await freshToken();
    const response = await validate(token);
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().account_id, 1);
    assert.equal((await validate(token)).statusCode, 200);
    assert.equal((await validate('whi_nope')).statusCode, 401);
  });

  test('exchange gives a Hub session once; a replay fails', async () => {
    const token = await freshToken();
    const first = await exchange(token);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().user.email, 'ana.admin@acme.test');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${first.json().access_token}` },
    });
    assert.equal(me.statusCode, 200);
    assert.equal((await exchange(token)).statusCode, 401);
    assert.equal((await validate(token)).statusCode, 401);
  });

  test('a frame coming back with its refresh cookie continues its session instead of piling up new ones', async () => {
    const first = await exchange(await freshToken());
    assert.equal(first.statusCode, 200);
    const cookie = first.cookies.find((c) => c.name === REFRESH_COOKIE)!.value;
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/instance-tokens/exchange',
      payload: { instance_token: await freshToken() },
      headers: { origin: HUB_ORIGIN },
      cookies: { [REFRESH_COOKIE]: cookie },
      remoteAddress: remoteAddress(),
    });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().session_id, first.json().session_id);
    assert.notEqual(
      again.cookies.find((c) => c.name === REFRESH_COOKIE)?.value,
      cookie,
      'the cookie rotated',
    );
    const elsewhere = await exchange(await freshToken());
    assert.notEqual(
      elsewhere.json().session_id,
      first.json().session_id,
      'without the cookie: a new session',
    );
  });

  const refreshCookieOf = (response: { cookies: { name: string; value: string }[] }) =>
    response.cookies.find((c) => c.name === REFRESH_COOKIE)?.value;
  const refresh = (cookie: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { origin: HUB_ORIGIN, 'x-whatpro-csrf': '1' },
      cookies: { [REFRESH_COOKIE]: cookie },
      remoteAddress: remoteAddress(),
    });
  const sessionCheck = (
    body: object,
    cookie: string | null,
    headers: Record<string, string> = { origin: sandbox.url, 'x-whatpro-csrf': '1' },
  ) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/instance-tokens/session-check',
      payload: body,
      headers,
      cookies: cookie ? { [REFRESH_COOKIE]: cookie } : {},
      remoteAddress: remoteAddress(),
    });
  async function signInAs(email: string, accountId: number) {
    const signed = sandbox.control.signIn({ email });
    const chatwoot = {
      access_token: String(signed.headers['access-token']),
      client: String(signed.headers.client),
      uid: String(signed.headers.uid),
    };
    const issued = await issue({ chatwoot, account_id: accountId });
    assert.equal(issued.statusCode, 201, issued.body);
    return issued.json().instance_token as string;
  }

  test("another Chatwoot user's exchange ends the session the browser still holds", async () => {
    const ana = await exchange(await freshToken());
    const anaCookie = refreshCookieOf(ana)!;
    const carla = await t.app.inject({
      method: 'POST',
      url: '/api/v1/instance-tokens/exchange',
      payload: { instance_token: await signInAs('carla@whatpro.test', 1) },
      headers: { origin: HUB_ORIGIN },
      cookies: { [REFRESH_COOKIE]: anaCookie },
      remoteAddress: remoteAddress(),
    });
    assert.equal(carla.statusCode, 200, carla.body);
    assert.equal(carla.json().user.email, 'carla@whatpro.test');
    assert.notEqual(carla.json().session_id, ana.json().session_id);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${ana.json().access_token}` },
    });
    assert.equal(me.statusCode, 401, "Ana's access token stops working at once");
    assert.equal((await refresh(anaCookie)).statusCode, 401, 'and her refresh cookie with it');
  });

  test('the session check keeps the Chatwoot user’s own session and ends it for another user or no user', async () => {
    const ana = await exchange(await freshToken());
    const cookie = refreshCookieOf(ana)!;
    const kept = await sessionCheck({ chatwoot_uid: 'Ana.Admin@acme.test', account_id: 1 }, cookie);
    assert.equal(kept.statusCode, 200, kept.body);
    assert.deepEqual(kept.json(), { hub_session: 'kept' });
    assert.equal(kept.headers['access-control-allow-origin'], sandbox.url);
    assert.equal(kept.headers['access-control-allow-credentials'], 'true');
    assert.equal(refreshCookieOf(kept), undefined, 'a kept session is left as it is');
    assert.equal((await refresh(cookie)).statusCode, 200);

    const notMember = await exchange(await freshToken());
    const outside = await sessionCheck(
      { chatwoot_uid: 'ana.admin@acme.test', account_id: 2 },
      refreshCookieOf(notMember)!,
    );
    assert.deepEqual(outside.json(), { hub_session: 'ended' }, 'an account the session does not reach');

    const other = await exchange(await freshToken());
    const otherCookie = refreshCookieOf(other)!;
    const ended = await sessionCheck({ chatwoot_uid: 'carla@whatpro.test', account_id: 1 }, otherCookie);
    assert.deepEqual(ended.json(), { hub_session: 'ended' });
    const cleared = ended.cookies.find((c) => c.name === REFRESH_COOKIE);
    assert.equal(cleared?.value, '', 'the cookie is cleared');
    assert.equal(cleared?.partitioned, true);
    assert.equal((await refresh(otherCookie)).statusCode, 401, 'revoked on the server');

    const signedOut = await exchange(await freshToken());
    const gone = await sessionCheck({ chatwoot_uid: null, account_id: null }, refreshCookieOf(signedOut)!);
    assert.deepEqual(gone.json(), { hub_session: 'ended' });
    assert.deepEqual((await sessionCheck({ chatwoot_uid: null, account_id: null }, null)).json(), {
      hub_session: 'none',
    });
  });

  test('the session check wants Chatwoot or the Hub as Origin and the CSRF header; bad bodies are 400', async () => {
    const cookie = refreshCookieOf(await exchange(await freshToken()))!;
    const body = { chatwoot_uid: 'carla@whatpro.test', account_id: 1 };
    assert.equal(
      (await sessionCheck(body, cookie, { origin: 'https://evil.example', 'x-whatpro-csrf': '1' }))
        .statusCode,
      401,
    );
    assert.equal((await sessionCheck(body, cookie, { origin: sandbox.url })).statusCode, 401);
    assert.equal((await sessionCheck(body, cookie, { 'x-whatpro-csrf': '1' })).statusCode, 401);
    assert.equal((await sessionCheck({ chatwoot_uid: 'x' }, cookie)).statusCode, 400);
    assert.equal((await sessionCheck({ ...body, account_id: 0 }, cookie)).statusCode, 400);
    assert.equal((await refresh(cookie)).statusCode, 200, 'refused checks end nothing');
  });

  test('concurrent exchanges of one token: exactly one wins', async () => {
    const token = await freshToken();
    const results = await Promise.all(Array.from({ length: 5 }, () => exchange(token)));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 401, 401, 401, 401]);
    const [row] = await t.app.deps.database.system
      .select()
      .from(instanceTokens)
      .where(eq(instanceTokens.tokenHash, hashSecret(token)));
    assert.ok(row?.consumedAt, 'consumed once');
  });

  test('an expired or wrong-audience token fails', async () => {
    const expired = await freshToken();
    await t.app.deps.database.system
      .update(instanceTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(instanceTokens.tokenHash, hashSecret(expired)));
    assert.equal((await exchange(expired)).statusCode, 401);
    const otherAudience = await freshToken();
    await t.app.deps.database.system
      .update(instanceTokens)
      .set({ audience: 'whatpro-hub:api' })
      .where(eq(instanceTokens.tokenHash, hashSecret(otherAudience)));
    assert.equal((await exchange(otherAudience)).statusCode, 401);
  });

  test('token kinds do not stand in for one another', async () => {
    const token = await freshToken();
    const asAccess = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(asAccess.statusCode, 401);
    const session = (await exchange(await freshToken())).json();
    assert.equal((await exchange(session.access_token)).statusCode, 401);
    assert.equal((await validate(session.access_token)).statusCode, 401);
  });

  test('exchange only from the Hub origin', async () => {
    const token = await freshToken();
    assert.equal((await exchange(token, 'https://evil.example')).statusCode, 401);
    assert.equal((await exchange(token, sandbox.url)).statusCode, 401);
    assert.equal((await exchange(token, null)).statusCode, 401);
    assert.equal((await exchange(token)).statusCode, 200, 'still unused after the refused attempts');
  });

  test('an account Chatwoot lists as suspended is 403 account_suspended, audited, with no token; one it does not list stays 404', async () => {
    const gabi = sandbox.control.signIn({ email: 'gabi.admin@gamma.test' });
    const gabiDevise = {
      access_token: String(gabi.headers['access-token']),
      client: String(gabi.headers.client),
      uid: String(gabi.headers.uid),
    };
    const tokensBefore = (await t.app.deps.database.system.select().from(instanceTokens)).length;
    const refused = await issue({ chatwoot: gabiDevise, account_id: 3 });
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().error.code, 'account_suspended');
    assert.equal(refused.headers['access-control-allow-origin'], sandbox.url, 'the script can read why');
    assert.equal((await t.app.deps.database.system.select().from(instanceTokens)).length, tokensBefore);
    const [audit] = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'instance_token.refused'), eq(auditLogs.actorId, 'dashboard-script')));
    assert.deepEqual(audit?.newValues, { account_id: 3, reason: 'account_suspended' });
    assert.equal((await issue({ chatwoot: gabiDevise, account_id: 1 })).statusCode, 404);
  });

  test('wrong tenant: an account the agent is not in is 404; a refused Chatwoot session is 401; bad bodies are 400', async () => {
    assert.equal((await issue({ chatwoot: devise, account_id: 2 })).statusCode, 404);
    assert.equal(
      (await issue({ chatwoot: { ...devise, access_token: 'forged' }, account_id: 1 })).statusCode,
      401,
    );
    assert.equal((await issue({ chatwoot: devise })).statusCode, 400);
    assert.equal((await issue({ chatwoot: devise, account_id: 1, user_id: 7 })).statusCode, 400);
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/instance-tokens/exchange',
          payload: {},
          headers: { origin: HUB_ORIGIN },
        })
      ).statusCode,
      400,
    );
  });
});
