import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEMO_PASSWORD } from './seed.js';
import type { Sandbox } from './server.js';
import { call, TOKENS, testSandbox } from './testing.js';

let sandbox: Sandbox;
before(async () => {
  sandbox = await testSandbox();
});
after(() => sandbox.close());
beforeEach(() => sandbox.control.reset());

async function signIn(email: string, password = DEMO_PASSWORD) {
  return call<{ data: Record<string, unknown> }>(sandbox, '/auth/sign_in', {
    method: 'POST',
    body: { email, password },
  });
}

function deviseTriple(headers: Headers): Record<string, string> {
  return {
    'access-token': headers.get('access-token') ?? '',
    client: headers.get('client') ?? '',
    uid: headers.get('uid') ?? '',
  };
}

describe('POST /auth/sign_in', () => {
  it('answers with the devise headers and the user under data', async () => {
    const res = await signIn('ana.admin@acme.test');
    assert.equal(res.status, 200);
    assert.ok(res.headers.get('access-token'));
    assert.equal(res.headers.get('token-type'), 'Bearer');
    assert.ok(res.headers.get('client'));
    assert.match(res.headers.get('expiry') ?? '', /^\d+$/);
    assert.equal(res.headers.get('uid'), 'ana.admin@acme.test');
    assert.equal(res.json.data.email, 'ana.admin@acme.test');
    assert.equal(res.json.data.access_token, TOKENS.ana);
    const expiry = Number(res.headers.get('expiry'));
    const days = (expiry - Date.now() / 1000) / 86_400;
    assert.ok(days > 59 && days <= 60, 'devise token lifespan is two months');
  });

  it('rejects a wrong password with the devise_token_auth body', async () => {
    const res = await signIn('ana.admin@acme.test', 'wrong');
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, { success: false, errors: ['Invalid login credentials. Please try again.'] });
    assert.equal(res.headers.get('access-token'), null);
  });

  it('accepts email case-insensitively and credentials in headers', async () => {
    const res = await call(sandbox, '/auth/sign_in', {
      method: 'POST',
      headers: { email: 'ANA.ADMIN@acme.test', password: DEMO_PASSWORD },
    });
    assert.equal(res.status, 200);
  });
});

describe('GET /auth/validate_token', () => {
  it('returns the user with created_at under payload.data', async () => {
    const login = await signIn('bruno.agent@acme.test');
    const res = await call<{ payload: { success: boolean; data: Record<string, unknown> } }>(
      sandbox,
      '/auth/validate_token',
      { headers: deviseTriple(login.headers) },
    );
    assert.equal(res.status, 200);
    assert.equal(res.json.payload.success, true);
    assert.equal(res.json.payload.data.email, 'bruno.agent@acme.test');
    assert.ok(res.json.payload.data.created_at);
  });

  it('rejects unknown tokens', async () => {
    const res = await call(sandbox, '/auth/validate_token', {
      headers: { 'access-token': 'x', client: 'y', uid: 'bruno.agent@acme.test' },
    });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, { success: false, errors: ['Invalid login credentials'] });
  });
});

describe('/api/v1 authentication', () => {
  it('accepts the devise triple and echoes the devise headers', async () => {
    const login = await signIn('carla@whatpro.test');
    const res = await call<{ email: string }>(sandbox, '/api/v1/profile', {
      headers: deviseTriple(login.headers),
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.email, 'carla@whatpro.test');
    assert.equal(res.headers.get('access-token'), login.headers.get('access-token'));
    assert.equal(res.headers.get('uid'), 'carla@whatpro.test');
  });

  it('rejects a devise triple whose uid does not match', async () => {
    const login = await signIn('carla@whatpro.test');
    const res = await call(sandbox, '/api/v1/profile', {
      headers: { ...deviseTriple(login.headers), uid: 'ana.admin@acme.test' },
    });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, { errors: ['You need to sign in or sign up before continuing.'] });
  });

  it('accepts a user api_access_token', async () => {
    const res = await call<{ email: string }>(sandbox, '/api/v1/profile', { token: TOKENS.eva });
    assert.equal(res.status, 200);
    assert.equal(res.json.email, 'eva.agent@acme.test');
  });

  it('answers an unknown api_access_token with Invalid Access Token', async () => {
    const res = await call(sandbox, '/api/v1/profile', { token: 'not-a-token' });
    assert.equal(res.status, 401);
    assert.equal(res.text, '{"error":"Invalid Access Token"}');
  });

  it('answers a request without credentials with the devise failure body', async () => {
    const res = await call(sandbox, '/api/v1/accounts/1/inboxes');
    assert.equal(res.status, 401);
    assert.equal(res.text, '{"errors":["You need to sign in or sign up before continuing."]}');
  });

  it('does not treat Authorization: Bearer <api token> as a credential', async () => {
    const res = await call(sandbox, '/api/v1/profile', {
      headers: { Authorization: `Bearer ${TOKENS.ana}` },
    });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, { errors: ['You need to sign in or sign up before continuing.'] });
  });

  it('stops accepting the devise triple after sign_out', async () => {
    const login = await signIn('ana.admin@acme.test');
    const headers = deviseTriple(login.headers);
    const out = await call(sandbox, '/auth/sign_out', { method: 'DELETE', headers });
    assert.equal(out.status, 200);
    const res = await call(sandbox, '/api/v1/profile', { headers });
    assert.equal(res.status, 401);
  });

  it('refuses accounts the user does not belong to', async () => {
    const res = await call(sandbox, '/api/v1/accounts/2/agents', { token: TOKENS.bruno });
    assert.equal(res.status, 401);
    assert.equal(res.text, '{"error":"You are not authorized to access this account"}');
  });

  it('refuses suspended accounts, including after a control suspension', async () => {
    const seeded = await call(sandbox, '/api/v1/accounts/3/conversations', { token: TOKENS.gabi });
    assert.equal(seeded.status, 401);
    assert.equal(seeded.text, '{"error":"Account is suspended"}');

    sandbox.control.suspendAccount({ accountId: 1 });
    const suspended = await call(sandbox, '/api/v1/accounts/1/inboxes', { token: TOKENS.ana });
    assert.equal(suspended.status, 401);
    assert.deepEqual(suspended.json, { error: 'Account is suspended' });
    const profile = await call<{ accounts: Array<{ id: number; status: string }> }>(
      sandbox,
      '/api/v1/profile',
      {
        token: TOKENS.ana,
      },
    );
    assert.equal(profile.json.accounts.find((a) => a.id === 1)?.status, 'suspended');

    sandbox.control.activateAccount({ accountId: 1 });
    assert.equal((await call(sandbox, '/api/v1/accounts/1/inboxes', { token: TOKENS.ana })).status, 200);
  });

  it('answers an unknown account with Rails record-not-found', async () => {
    const res = await call(sandbox, '/api/v1/accounts/999/inboxes', { token: TOKENS.ana });
    assert.equal(res.status, 404);
    assert.deepEqual(res.json, { error: 'Resource could not be found' });
  });

  it('keeps administrator-only endpoints from agents', async () => {
    const res = await call(sandbox, '/api/v1/accounts/1/webhooks', { token: TOKENS.bruno });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, { error: 'You are not authorized to do this action' });
  });
});

describe('token kinds', () => {
  it('limits agent-bot tokens to the bot endpoints', async () => {
    const profile = await call(sandbox, '/api/v1/profile', { token: TOKENS.bot });
    assert.equal(profile.status, 401);
    assert.deepEqual(profile.json, { error: 'Access to this endpoint is not authorized for bots' });

    const list = await call(sandbox, '/api/v1/accounts/1/conversations', { token: TOKENS.bot });
    assert.equal(list.status, 401);
    assert.deepEqual(list.json, { error: 'Access to this endpoint is not authorized for bots' });
  });

  it('lets a bot hand a pending conversation of its inbox over without assigning anyone', async () => {
    const res = await call<{ payload: { current_status: string } }>(
      sandbox,
      '/api/v1/accounts/1/conversations/3/toggle_status',
      { method: 'POST', token: TOKENS.bot, body: { status: 'open' } },
    );
    assert.equal(res.status, 200);
    assert.equal(res.json.payload.current_status, 'open');
    assert.equal(sandbox.state.conversationByDisplayId(1, 3)?.assignee_id, null);
  });

  it('refuses a bot outside the accounts of its inboxes', async () => {
    const res = await call(sandbox, '/api/v1/accounts/2/conversations/1/toggle_status', {
      method: 'POST',
      token: TOKENS.bot,
    });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, { error: 'You are not authorized to access this account' });
  });

  it('refuses a bot on conversations outside its inboxes', async () => {
    const res = await call(sandbox, '/api/v1/accounts/1/conversations/1/toggle_status', {
      method: 'POST',
      token: TOKENS.bot,
    });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, { error: 'You are not authorized to do this action' });
  });

  it('keeps platform tokens off /api/v1 and user tokens off /platform', async () => {
    const platformOnApi = await call(sandbox, '/api/v1/profile', { token: TOKENS.platform });
    assert.equal(platformOnApi.status, 401);
    assert.deepEqual(platformOnApi.json, { error: 'Access to this endpoint is not authorized for bots' });

    const userOnPlatform = await call(sandbox, '/platform/api/v1/accounts', { token: TOKENS.sofia });
    assert.equal(userOnPlatform.status, 401);
    assert.equal(userOnPlatform.text, '{"error":"Invalid access_token"}');

    const botOnPlatform = await call(sandbox, '/platform/api/v1/accounts', { token: TOKENS.bot });
    assert.equal(botOnPlatform.status, 401);

    const noTokenOnPlatform = await call(sandbox, '/platform/api/v1/accounts');
    assert.deepEqual(noTokenOnPlatform.json, { error: 'Invalid access_token' });
  });
});

describe('routing', () => {
  it('answers unknown routes like Rails', async () => {
    const res = await call(sandbox, '/api/v1/does/not/exist', { token: TOKENS.ana });
    assert.equal(res.status, 404);
    assert.deepEqual(res.json, { status: 404, error: 'Not Found' });
  });

  it('answers malformed JSON with 400', async () => {
    const res = await fetch(`${sandbox.url}/api/v1/accounts/1/webhooks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', api_access_token: TOKENS.ana },
      body: '{"webhook":',
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { status: 400, error: 'Bad Request' });
  });

  it('ignores a trailing slash', async () => {
    const res = await call(sandbox, '/api/v1/profile/', { token: TOKENS.ana });
    assert.equal(res.status, 200);
  });
});
