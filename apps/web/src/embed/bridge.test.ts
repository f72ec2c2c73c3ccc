import {
  type CurrentUser,
  currentUserSchema,
  frameReadyMessageSchema,
  type PlatformAppConfig,
  type SessionTokens,
  sessionTokensSchema,
} from '@whatpro/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, call, createApiClient } from '../api/client';
import { jsonResponse } from '../test/helpers';
import { createEmbedBridge, type EmbedBridge, type EmbedMode } from './bridge';
import { FETCH_INFO_MESSAGE } from './messages';

const CHATWOOT = 'https://chat.example.com';
const HUB = 'https://hub.example.com';

const config: PlatformAppConfig = {
  hub_origin: HUB,
  chatwoot_origin: CHATWOOT,
  script_url: `${HUB}/embed.js`,
  embed_url: `${HUB}/embed`,
  dashboard_app_url: `${HUB}/embed/dashboard-app`,
  features: ['chat', 'kanban', 'admin'],
};

function user(name: string): CurrentUser {
  return {
    id:
      name === 'Ana Admin' ? '00000000-0000-4000-8000-000000000002' : '00000000-0000-4000-8000-000000000006',
    chatwoot_user_id: 2,
    name,
    email: 'ana.admin@acme.test',
    avatar_url: null,
    is_super_admin: false,
    accounts: [{ account_id: 1, account_name: 'Acme Atendimento', role: 'admin' }],
  };
}

function tokens(name = 'Ana Admin', accessToken = 'access-1'): SessionTokens {
  return sessionTokensSchema.parse({
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: 900,
    session_id: '00000000-0000-4000-8000-0000000000aa',
    user: user(name),
  });
}

const unauthorized = () => new ApiError({ status: 401, code: 'unauthorized', message: 'No refresh token' });

interface FakeRequest {
  method: string;
  body: unknown;
  authorization: string | null;
}
type Route = (request: FakeRequest) => unknown;

/**
 * The real API client in front of a fake Hub: a route's return value is the 200 body; an ApiError it
 * throws becomes the error response (status 0: no response at all).
 */
function fakeApi(routes: Record<string, Route>) {
  const calls: { path: string; method: string; body: unknown; csrf: string | null }[] = [];
  const fetchFake = async (input: RequestInfo | URL): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input);
    const path = new URL(request.url).pathname;
    const text = await request.text();
    const body = text ? JSON.parse(text) : undefined;
    calls.push({ path, method: request.method, body, csrf: request.headers.get('x-whatpro-csrf') });
    const route = routes[path];
    if (!route) throw new Error(`unexpected request ${path}`);
    try {
      return jsonResponse(
        await route({ method: request.method, body, authorization: request.headers.get('authorization') }),
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 0) throw new TypeError(error.message);
      return jsonResponse(
        { error: { code: error.code, message: error.message, request_id: 'req-test' } },
        error.status,
      );
    }
  };
  return Object.assign(createApiClient({ fetch: fetchFake as typeof fetch, baseUrl: HUB }), { calls });
}

/** A page window; framed unless told otherwise, with a parent whose postMessage is recorded. */
function fakeWindow(framed = true) {
  const target = new EventTarget();
  const parent = { postMessage: vi.fn() };
  const fake = Object.assign(target, {
    parent: parent as unknown,
    setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
    clearTimeout: (id: number) => clearTimeout(id),
  });
  if (!framed) fake.parent = fake;
  return { win: fake as unknown as Window, parent };
}

let bridge: EmbedBridge | undefined;

function start(mode: EmbedMode, routes: Record<string, Route>, framed = true) {
  const { win, parent } = fakeWindow(framed);
  const api = fakeApi({ '/api/v1/platform-app/config': () => config, ...routes });
  bridge = createEmbedBridge({ mode, window: win, api, relayWaitMs: 1_000 });
  bridge.start();
  const current = bridge;
  const send = (data: unknown, origin = CHATWOOT, source: unknown = parent) =>
    win.dispatchEvent(new MessageEvent('message', { data, origin, source: source as MessageEventSource }));
  const posted = () => parent.postMessage.mock.calls as [unknown, string][];
  const readyNonce = () => {
    const ready = posted()
      .map(([message]) => message)
      .filter((message) => frameReadyMessageSchema.safeParse(message).success)
      .at(-1) as { nonce: string } | undefined;
    if (!ready) throw new Error('no ready message was posted');
    return ready.nonce;
  };
  return { win, parent, api, bridge: current, send, posted, readyNonce, state: () => current.getState() };
}

/** Lets pending promise chains (the fake API answers asynchronously) run to the end. */
async function settle(): Promise<void> {
  for (let round = 0; round < 10; round++) await vi.advanceTimersByTimeAsync(0);
}
const instanceToken = (nonce: string, token = 'whi_one') => ({
  ns: 'whatpro-hub',
  type: 'instance-token',
  nonce,
  token,
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  bridge?.stop();
  bridge = undefined;
  vi.useRealTimers();
});

describe('the /embed panel', () => {
  it('says ready with a fresh nonce to the exact Chatwoot origin, then signs in with the relayed token', async () => {
    const page = start('panel', { '/api/v1/instance-tokens/exchange': () => tokens() });
    await settle();

    expect(page.state().phase).toBe('connecting');
    const nonce = page.readyNonce();
    expect(page.posted()[0]).toEqual([{ ns: 'whatpro-hub', type: 'ready', nonce }, CHATWOOT]);

    page.send(instanceToken(nonce));
    await settle();

    expect(page.api.calls.at(-1)).toEqual({
      path: '/api/v1/instance-tokens/exchange',
      method: 'POST',
      body: { instance_token: 'whi_one' },
      csrf: null,
    });
    expect(page.api.getAccessToken()).toBe('access-1');
    expect(page.state()).toMatchObject({ phase: 'signed-in', signedInVia: 'relay', ignoredMessages: 0 });
    expect(page.state().user?.name).toBe('Ana Admin');
    expect(page.posted().at(-1)).toEqual([{ ns: 'whatpro-hub', type: 'unread', count: 0 }, CHATWOOT]);
  });

  it("posts the chat's unread total to the launcher badge only when it changes, and only once signed in", async () => {
    const page = start('panel', { '/api/v1/instance-tokens/exchange': () => tokens() });
    await settle();
    page.bridge.reportUnread(4);
    expect(page.posted().some(([message]) => (message as { type: string }).type === 'unread')).toBe(false);

    page.send(instanceToken(page.readyNonce()));
    await settle();
    page.bridge.reportUnread(4);
    page.bridge.reportUnread(4);
    page.bridge.reportUnread(0);
    const unread = page
      .posted()
      .filter(([message]) => (message as { type: string }).type === 'unread')
      .map(([message, origin]) => [(message as { count: number }).count, origin]);
    expect(unread).toEqual([
      [0, CHATWOOT],
      [4, CHATWOOT],
      [0, CHATWOOT],
    ]);
  });

  it('takes context and theme from the Dashboard Script', async () => {
    const page = start('panel', {});
    await settle();
    page.send({
      ns: 'whatpro-hub',
      type: 'context',
      account_id: 1,
      conversation_display_id: 4,
      theme: 'dark',
    });
    expect(page.state().context).toEqual({ accountId: 1, conversationDisplayId: 4 });
    expect(page.state().theme).toBe('dark');
  });

  it('counts and ignores other origins, sibling frames, bad payloads and a token for another nonce', async () => {
    const page = start('panel', { '/api/v1/instance-tokens/exchange': () => tokens() });
    await settle();
    const nonce = page.readyNonce();
    const sibling = { postMessage: vi.fn() };
    const context = {
      ns: 'whatpro-hub',
      type: 'context',
      account_id: 2,
      conversation_display_id: 9,
      theme: 'dark',
    };

    page.send(context, 'https://evil.example.com');
    page.send(context, CHATWOOT, sibling);
    page.send({ ...context, account_id: 'two' });
    page.send(instanceToken('x'.repeat(32)));
    page.send(instanceToken(nonce), 'https://evil.example.com');
    await settle();

    expect(page.state()).toMatchObject({
      ignoredMessages: 5,
      context: null,
      theme: null,
      phase: 'connecting',
    });
    expect(page.api.calls.some((call) => call.path.includes('exchange'))).toBe(false);
  });

  it('uses a nonce once: a replayed instance-token message is ignored', async () => {
    const page = start('panel', { '/api/v1/instance-tokens/exchange': () => tokens() });
    await settle();
    const nonce = page.readyNonce();
    page.send(instanceToken(nonce));
    await settle();
    page.send(instanceToken(nonce, 'whi_two'));
    await settle();
    expect(page.api.calls.filter((call) => call.path.includes('exchange'))).toHaveLength(1);
    expect(page.state().ignoredMessages).toBe(1);
  });

  it('asks again with a new nonce when an exchange fails', async () => {
    let attempt = 0;
    const page = start('panel', {
      '/api/v1/instance-tokens/exchange': () => {
        attempt += 1;
        if (attempt === 1) throw unauthorized();
        return tokens();
      },
    });
    await settle();
    const first = page.readyNonce();
    page.send(instanceToken(first));
    await settle();
    const second = page.readyNonce();
    expect(second).not.toBe(first);
    page.send(instanceToken(second, 'whi_two'));
    await settle();
    expect(page.state().phase).toBe('signed-in');
  });

  it('without a relay, reuses the session from the refresh cookie', async () => {
    const page = start('panel', { '/api/v1/auth/refresh': () => tokens() });
    await settle();
    expect(page.state().phase).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(page.api.calls.at(-1)).toEqual({
      path: '/api/v1/auth/refresh',
      method: 'POST',
      body: undefined,
      csrf: '1',
    });
    expect(page.state()).toMatchObject({ phase: 'signed-in', signedInVia: 'refresh' });
  });

  it('a late relay still wins over the refresh cookie (it names the agent Chatwoot has now)', async () => {
    const page = start('panel', {
      '/api/v1/auth/refresh': () => tokens('Previous Agent', 'access-old'),
      '/api/v1/instance-tokens/exchange': () => tokens('Ana Admin', 'access-new'),
    });
    await settle();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(page.state().user?.name).toBe('Previous Agent');
    page.send(instanceToken(page.readyNonce()));
    await settle();
    expect(page.state().user?.name).toBe('Ana Admin');
    expect(page.api.getAccessToken()).toBe('access-new');
  });

  it("once the script has answered, a missing or failed token never falls back to the refresh cookie's session", async () => {
    const context = {
      ns: 'whatpro-hub',
      type: 'context',
      account_id: 3,
      conversation_display_id: null,
      theme: 'light',
    };
    const refreshed = { '/api/v1/auth/refresh': () => tokens('Previous Agent', 'access-old') };
    const silent = start('panel', refreshed);
    await settle();
    silent.send(context);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(silent.state()).toMatchObject({ phase: 'sign-in', user: null });
    silent.bridge.stop();

    const refused = start('panel', {
      ...refreshed,
      '/api/v1/instance-tokens/exchange': () => Promise.reject(unauthorized()),
    });
    await settle();
    refused.send(context);
    for (let attempt = 0; attempt < 3; attempt++) {
      refused.send(instanceToken(refused.readyNonce(), `whi_${attempt}`));
      await settle();
    }
    expect(refused.state()).toMatchObject({ phase: 'sign-in', user: null });
    expect(refused.api.calls.some((call) => call.path === '/api/v1/auth/refresh')).toBe(false);
    expect(refused.api.getAccessToken()).toBeNull();
  });

  it('Escape inside the panel asks the script, at the exact Chatwoot origin, to close it', async () => {
    const page = start('panel', {});
    await settle();
    page.win.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    page.win.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(page.posted().filter(([message]) => (message as { type: string }).type === 'close')).toEqual([
      [{ ns: 'whatpro-hub', type: 'close' }, CHATWOOT],
    ]);
  });

  it("framed by Chatwoot's other loopback spelling, it talks to that exact origin and no other", async () => {
    const alias = 'http://127.0.0.1:3001';
    const { win, parent } = fakeWindow();
    Object.assign(win, { location: { ancestorOrigins: [alias] } });
    const api = fakeApi({
      '/api/v1/platform-app/config': () => ({
        ...config,
        chatwoot_origin: 'http://localhost:3001',
        chatwoot_origins: ['http://localhost:3001', alias],
      }),
    });
    bridge = createEmbedBridge({ mode: 'panel', window: win, api, relayWaitMs: 1_000 });
    bridge.start();
    await settle();
    expect(parent.postMessage.mock.calls.map(([, origin]) => origin)).toEqual([alias]);
    const context = {
      ns: 'whatpro-hub',
      type: 'context',
      account_id: 1,
      conversation_display_id: 4,
      theme: 'dark',
    };
    win.dispatchEvent(
      new MessageEvent('message', {
        data: context,
        origin: 'http://localhost:3001',
        source: parent as never,
      }),
    );
    win.dispatchEvent(new MessageEvent('message', { data: context, origin: alias, source: parent as never }));
    expect(bridge.getState()).toMatchObject({
      context: { accountId: 1, conversationDisplayId: 4 },
      ignoredMessages: 1,
    });
  });

  it('when not framed it posts nothing and only tries the refresh cookie', async () => {
    const page = start('panel', { '/api/v1/auth/refresh': () => Promise.reject(unauthorized()) }, false);
    await settle();
    expect(page.parent.postMessage).not.toHaveBeenCalled();
    expect(page.state().phase).toBe('sign-in');
    page.send({
      ns: 'whatpro-hub',
      type: 'context',
      account_id: 1,
      conversation_display_id: 1,
      theme: 'dark',
    });
    expect(page.state()).toMatchObject({ context: null, ignoredMessages: 1 });
  });

  it('renews the access token before it expires', async () => {
    const page = start('panel', {
      '/api/v1/instance-tokens/exchange': () => tokens(),
      '/api/v1/auth/refresh': () => tokens('Ana Admin', 'access-2'),
    });
    await settle();
    page.send(instanceToken(page.readyNonce()));
    await settle();
    await vi.advanceTimersByTimeAsync(840_000);
    expect(page.api.getAccessToken()).toBe('access-2');
    expect(page.api.calls.filter((call) => call.path === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('when renewal fails, asks the script again, and without an answer falls back to signing in', async () => {
    const page = start('panel', {
      '/api/v1/instance-tokens/exchange': () => tokens(),
      '/api/v1/auth/refresh': () => Promise.reject(unauthorized()),
    });
    await settle();
    const first = page.readyNonce();
    page.send(instanceToken(first));
    await settle();
    await vi.advanceTimersByTimeAsync(840_000);
    expect(page.api.getAccessToken()).toBeNull();
    expect(page.state()).toMatchObject({ phase: 'connecting', user: null });
    expect(page.readyNonce()).not.toBe(first);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(page.state().phase).toBe('sign-in');
  });

  it('follows a refresh that a 401 on another call started: same agent, new token, still via the relay', async () => {
    const page = start('panel', {
      '/api/v1/instance-tokens/exchange': () => tokens('Ana Admin', 'access-1'),
      '/api/v1/auth/refresh': () => tokens('Ana Admin', 'access-2'),
      '/api/v1/auth/me': ({ authorization }) => {
        if (authorization !== 'Bearer access-2') throw unauthorized();
        return user('Ana Admin');
      },
    });
    await settle();
    page.send(instanceToken(page.readyNonce()));
    await settle();

    await expect(call(page.api.client.GET('/api/v1/auth/me'), currentUserSchema)).resolves.toMatchObject({
      name: 'Ana Admin',
    });
    expect(page.api.getAccessToken()).toBe('access-2');
    expect(page.state()).toMatchObject({ phase: 'signed-in', signedInVia: 'relay' });
    expect(page.api.calls.filter((request) => request.path === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('when a refresh started by a 401 fails, asks the script for a fresh instance token', async () => {
    const page = start('panel', {
      '/api/v1/instance-tokens/exchange': () => tokens(),
      '/api/v1/auth/refresh': () => Promise.reject(unauthorized()),
      '/api/v1/auth/me': () => Promise.reject(unauthorized()),
    });
    await settle();
    const first = page.readyNonce();
    page.send(instanceToken(first));
    await settle();

    await expect(call(page.api.client.GET('/api/v1/auth/me'), currentUserSchema)).rejects.toMatchObject({
      status: 401,
    });
    expect(page.api.getAccessToken()).toBeNull();
    expect(page.state()).toMatchObject({ phase: 'connecting', user: null });
    expect(page.readyNonce()).not.toBe(first);
  });

  it('says the Hub is unreachable when the config cannot be loaded, and can retry at once', async () => {
    let fail = true;
    const page = start('panel', {
      '/api/v1/platform-app/config': () => {
        if (fail) throw new ApiError({ status: 0, code: 'network_error', message: 'down' });
        return config;
      },
    });
    await settle();
    expect(page.state()).toMatchObject({ phase: 'error', error: 'hub-unreachable' });
    fail = false;
    page.bridge.retry();
    await settle();
    expect(page.state().phase).toBe('connecting');
  });

  it('retries an unreachable Hub by itself, never waiting more than five seconds between tries', async () => {
    let down = true;
    const page = start('panel', {
      '/api/v1/platform-app/config': () => {
        if (down) throw new ApiError({ status: 0, code: 'network_error', message: 'down' });
        return config;
      },
      '/api/v1/auth/refresh': () => Promise.reject(unauthorized()),
    });
    await settle();
    const configCalls = () => page.api.calls.filter((call) => call.path === '/api/v1/platform-app/config');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(configCalls().length).toBeGreaterThanOrEqual(12);
    expect(page.state()).toMatchObject({ phase: 'error', error: 'hub-unreachable' });
    down = false;
    await vi.advanceTimersByTimeAsync(5_000);
    await settle();
    expect(page.state().phase).not.toBe('error');
    expect(page.state().config).toEqual(config);
  });

  it('a 503 from the token exchange is an outage, not a refused sign-in: no token form, and it tries again', async () => {
    let outage = true;
    const page = start('panel', {
      '/api/v1/instance-tokens/exchange': () => {
        if (outage) throw new ApiError({ status: 503, code: 'service_unavailable', message: 'db down' });
        return tokens();
      },
      '/api/v1/auth/refresh': () => Promise.reject(unauthorized()),
    });
    await settle();
    page.send(instanceToken(page.readyNonce()));
    await settle();
    expect(page.state()).toMatchObject({ phase: 'error', error: 'hub-unreachable' });
    expect(page.api.calls.some((call) => call.path === '/api/v1/auth/refresh')).toBe(false);
    outage = false;
    await vi.advanceTimersByTimeAsync(1_000);
    await settle();
    page.send(instanceToken(page.readyNonce(), 'whi_two'));
    await settle();
    expect(page.state()).toMatchObject({ phase: 'signed-in', signedInVia: 'relay' });
  });

  it('a suspended account is said plainly and not retried', async () => {
    const page = start('panel', {
      '/api/v1/instance-tokens/exchange': () => {
        throw new ApiError({ status: 403, code: 'account_suspended', message: 'suspended' });
      },
    });
    await settle();
    page.send(instanceToken(page.readyNonce()));
    await settle();
    expect(page.state()).toMatchObject({ phase: 'error', error: 'account-suspended' });
    const calls = page.api.calls.length;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(page.api.calls.length).toBe(calls);
  });

  it('a token-refused for a suspended account says so at once: no exchange, no refresh cookie, no retry', async () => {
    const page = start('panel', {});
    await settle();
    const refusal = { ns: 'whatpro-hub', type: 'token-refused', reason: 'account_suspended' };
    page.send({ ...refusal, nonce: 'x'.repeat(32) });
    page.send({ ...refusal, nonce: page.readyNonce() }, 'https://evil.example.com');
    page.send({ ...refusal, nonce: page.readyNonce(), reason: 'bored' });
    await settle();
    expect(page.state()).toMatchObject({ phase: 'connecting', ignoredMessages: 3 });

    page.send({ ...refusal, nonce: page.readyNonce() });
    await settle();
    expect(page.state()).toMatchObject({ phase: 'error', error: 'account-suspended', ignoredMessages: 3 });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(page.api.calls.map((call) => call.path)).toEqual(['/api/v1/platform-app/config']);
    expect(page.state().error).toBe('account-suspended');
  });

  it('a Chatwoot that is not a Chatwoot (502) is said as such and not retried by itself', async () => {
    const page = start('panel', {
      '/api/v1/instance-tokens/exchange': () => {
        throw new ApiError({ status: 502, code: 'chatwoot_bad_response', message: 'not chatwoot' });
      },
    });
    await settle();
    page.send(instanceToken(page.readyNonce()));
    await settle();
    expect(page.state()).toMatchObject({ phase: 'error', error: 'chatwoot-bad-response' });
  });

  it('asks to sign in saying why: no Chatwoot session reached it, or the one that did was refused', async () => {
    const silent = start('panel', { '/api/v1/auth/refresh': () => Promise.reject(unauthorized()) });
    await settle();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(silent.state()).toMatchObject({ phase: 'sign-in', signInReason: 'no-session' });
    silent.bridge.stop();

    const refused = start('panel', {
      '/api/v1/instance-tokens/exchange': () => Promise.reject(unauthorized()),
      '/api/v1/auth/refresh': () => Promise.reject(unauthorized()),
    });
    await settle();
    for (let attempt = 0; attempt < 3; attempt++) {
      refused.send(instanceToken(refused.readyNonce(), `whi_${attempt}`));
      await settle();
    }
    expect(refused.state()).toMatchObject({ phase: 'sign-in', signInReason: 'refused' });
  });

  it('accepts nothing when the Hub has no Chatwoot configured', async () => {
    const page = start('panel', {
      '/api/v1/platform-app/config': () => ({ ...config, chatwoot_origin: null }),
    });
    await settle();
    expect(page.state()).toMatchObject({ phase: 'error', error: 'not-configured' });
    expect(page.parent.postMessage).not.toHaveBeenCalled();
  });
});

describe('the /embed/dashboard-app tab', () => {
  const appContext = (conversationId: number, agent = 'Ana Admin') =>
    JSON.stringify({
      event: 'appContext',
      data: {
        conversation: {
          id: conversationId,
          account_id: 1,
          status: 'open',
          meta: { sender: { name: 'Maria' } },
        },
        contact: { id: 1, name: 'Maria' },
        currentAgent: { id: 6, name: agent, email: 'x@y.z' },
      },
    });

  it('keeps an appContext that arrives before the config, and asks Chatwoot for a fresh one', async () => {
    const page = start('dashboard-app', {});
    page.send(appContext(3));
    await settle();
    expect(page.state().appContext?.conversation?.id).toBe(3);
    expect(page.posted()[0]).toEqual([FETCH_INFO_MESSAGE, CHATWOOT]);
    page.bridge.requestAppContext();
    expect(page.posted().at(-1)).toEqual([FETCH_INFO_MESSAGE, CHATWOOT]);
  });

  it('signs in through the relay too; a forged appContext naming another agent changes only the context', async () => {
    const page = start('dashboard-app', { '/api/v1/instance-tokens/exchange': () => tokens() });
    await settle();
    page.send(instanceToken(page.readyNonce()));
    await settle();
    page.send(appContext(5, 'Diego Beta'));
    expect(page.state().user?.name).toBe('Ana Admin');
    expect(page.state().appContext?.conversation?.id).toBe(5);
    expect(JSON.stringify(page.state())).not.toContain('Diego');
  });

  it('ignores an appContext from a sibling frame or another origin', async () => {
    const page = start('dashboard-app', {});
    await settle();
    page.send(appContext(3), CHATWOOT, { postMessage: vi.fn() });
    page.send(appContext(3), 'https://evil.example.com');
    expect(page.state()).toMatchObject({ appContext: null, ignoredMessages: 2 });
  });

  it('falls back to "Sign in with Chatwoot" with a personal access token', async () => {
    const page = start('dashboard-app', {
      '/api/v1/auth/refresh': () => Promise.reject(unauthorized()),
      '/api/v1/auth/sso': () => tokens(),
    });
    await settle();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(page.state().phase).toBe('sign-in');
    await page.bridge.signInWithChatwootToken('cw-personal-token');
    expect(page.api.calls.at(-1)).toEqual({
      path: '/api/v1/auth/sso',
      method: 'POST',
      body: { api_access_token: 'cw-personal-token' },
      csrf: null,
    });
    expect(page.state()).toMatchObject({ phase: 'signed-in', signedInVia: 'chatwoot-token' });
  });

  it('posts only to the exact Chatwoot origin, never "*"', async () => {
    const page = start('dashboard-app', { '/api/v1/instance-tokens/exchange': () => tokens() });
    await settle();
    page.send(instanceToken(page.readyNonce()));
    await settle();
    page.bridge.requestAppContext();
    expect(page.posted().length).toBeGreaterThanOrEqual(3);
    for (const [, targetOrigin] of page.posted()) expect(targetOrigin).toBe(CHATWOOT);
  });
});
