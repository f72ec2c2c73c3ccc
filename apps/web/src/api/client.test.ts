import { type SessionTokens, sessionTokensSchema } from '@whatpro/contracts';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, pathOf, readyOk, sampleAppInfo } from '../test/helpers';
import { ApiError, call, createApiClient, REFRESH_PATH, type SessionEvent } from './client';

const HUB = 'http://hub.test';

function clientAnswering(answer: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const request = input instanceof Request ? input : new Request(input);
    requests.push(request);
    return answer(request);
  });
  return { api: createApiClient({ fetch: fetchMock as typeof fetch, baseUrl: HUB }), fetchMock, requests };
}

async function rejectionOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => expect.unreachable('the request should have failed'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

const sessionUser = {
  id: '00000000-0000-4000-8000-000000000002',
  chatwoot_user_id: 2,
  name: 'Ana Admin',
  email: 'ana.admin@acme.test',
  avatar_url: null,
  is_super_admin: false,
  accounts: [{ account_id: 1, account_name: 'Acme Atendimento', role: 'admin' }],
};

function tokens(accessToken: string): SessionTokens {
  return sessionTokensSchema.parse({
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: 900,
    session_id: '00000000-0000-4000-8000-0000000000aa',
    user: sessionUser,
  });
}

const unauthorized = () =>
  jsonResponse({ error: { code: 'unauthorized', message: 'Token expired', request_id: 'req-401' } }, 401);

/**
 * A server that accepts only `valid` as the bearer token and rotates to it on refresh; its refresh
 * answers only after `release()`, so tests can pile up concurrent callers behind one refresh.
 */
function expiringServer(options: { refreshTo?: string | null; valid?: string } = {}) {
  const valid = options.valid ?? 'fresh';
  const refreshTo = options.refreshTo === undefined ? 'fresh' : options.refreshTo;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    release,
    answer: async (request: Request) => {
      if (pathOf(request.url) === REFRESH_PATH) {
        await released;
        return refreshTo ? jsonResponse(tokens(refreshTo)) : unauthorized();
      }
      return request.headers.get('authorization') === `Bearer ${valid}`
        ? jsonResponse(sampleAppInfo)
        : unauthorized();
    },
  };
}

const callsTo = (requests: Request[], path: string) =>
  requests.filter((request) => pathOf(request.url) === path);

describe('api client', () => {
  it('parses a successful response with the contract schema and asks for JSON', async () => {
    const { api, requests } = clientAnswering(() => jsonResponse(sampleAppInfo));

    await expect(api.getAppInfo()).resolves.toEqual(sampleAppInfo);
    expect(requests[0]?.url).toBe(`${HUB}/api/v1/meta`);
    expect(requests[0]?.headers.get('accept')).toBe('application/json');
    expect(requests[0]?.headers.has('authorization')).toBe(false);
  });

  it('sends the in-memory access token until it is cleared', async () => {
    const { api, requests } = clientAnswering(() => jsonResponse(sampleAppInfo));

    api.setAccessToken('token-123');
    await api.getAppInfo();
    api.setAccessToken(null);
    await api.getAppInfo();

    expect(requests[0]?.headers.get('authorization')).toBe('Bearer token-123');
    expect(requests[1]?.headers.has('authorization')).toBe(false);
  });

  it('never writes the access token to localStorage', async () => {
    const { api } = clientAnswering(() => jsonResponse(sampleAppInfo));
    api.setAccessToken('token-123');
    await api.getAppInfo();
    expect(window.localStorage.length).toBe(0);
  });

  it('turns the JSON error shape into a typed ApiError', async () => {
    const { api } = clientAnswering(() =>
      jsonResponse(
        {
          error: {
            code: 'validation_failed',
            message: 'name is required',
            details: [{ field: 'name', message: 'required' }],
            request_id: 'req-42',
          },
        },
        400,
      ),
    );

    const error = await rejectionOf(api.getAppInfo());
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'name is required',
      requestId: 'req-42',
      details: [{ field: 'name', message: 'required' }],
    });
  });

  it('reports a non-JSON 500 as an ApiError, not a parse crash', async () => {
    const { api } = clientAnswering(
      () =>
        new Response('<html>Bad Gateway</html>', {
          status: 500,
          headers: { 'Content-Type': 'text/html', 'X-Request-Id': 'req-500' },
        }),
    );

    const error = await rejectionOf(api.getAppInfo());
    expect(error).toMatchObject({ status: 500, code: 'unexpected_response', requestId: 'req-500' });
  });

  it('rejects a 200 whose body breaks the contract', async () => {
    const { api } = clientAnswering(() => jsonResponse({ ...sampleAppInfo, environment: 'staging' }));

    const error = await rejectionOf(api.getAppInfo());
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
  });

  it('rejects a 200 that is not JSON as an unexpected response', async () => {
    const { api } = clientAnswering(
      () => new Response('<html>portal</html>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
    );

    const error = await rejectionOf(api.getAppInfo());
    expect(error).toMatchObject({ code: 'unexpected_response' });
  });

  it('reports an unreachable server as a network error', async () => {
    const { api } = clientAnswering(() => Promise.reject(new TypeError('Failed to fetch')));

    const error = await rejectionOf(api.getAppInfo());
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('lets an aborted request reject with the abort itself', async () => {
    const controller = new AbortController();
    const { api } = clientAnswering(() => {
      controller.abort();
      return Promise.reject(new DOMException('aborted', 'AbortError'));
    });

    await expect(api.getAppInfo(controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reads a 503 from /health/ready as an "unavailable" report, not an exception', async () => {
    const unavailable = { status: 'unavailable', checks: { database: { status: 'down', error: 'timeout' } } };
    const { api } = clientAnswering(() => jsonResponse(unavailable, 503));

    await expect(api.getReadiness()).resolves.toEqual(unavailable);
  });

  it('still raises the API error when a 503 carries the error shape instead', async () => {
    const { api } = clientAnswering(() =>
      jsonResponse({ error: { code: 'service_unavailable', message: 'draining', request_id: 'req-7' } }, 503),
    );

    const error = await rejectionOf(api.getReadiness());
    expect(error).toMatchObject({ status: 503, code: 'service_unavailable', requestId: 'req-7' });
  });

  it('accepts a ready report', async () => {
    const { api } = clientAnswering(() => jsonResponse(readyOk));
    await expect(api.getReadiness()).resolves.toEqual(readyOk);
  });

  it('sends typed path params and a JSON body; without a body it sends no Content-Type', async () => {
    const installed = { dashboard_app_id: 7, title: 'WhatPro Hub', url: `${HUB}/embed`, action: 'created' };
    const { api, requests } = clientAnswering(() => jsonResponse(installed));

    await api.client.POST('/api/v1/accounts/{accountId}/embed/dashboard-app', {
      params: { path: { accountId: 12 } },
      body: {},
    });
    await api.client.POST('/api/v1/accounts/{accountId}/inboxes/sync', {
      params: { path: { accountId: 12 } },
    });

    const [install, sync] = requests;
    expect(install?.url).toBe(`${HUB}/api/v1/accounts/12/embed/dashboard-app`);
    expect(install?.method).toBe('POST');
    expect(install?.headers.get('content-type')).toBe('application/json');
    expect(await install?.text()).toBe('{}');
    expect(sync?.url).toBe(`${HUB}/api/v1/accounts/12/inboxes/sync`);
    expect(sync?.headers.has('content-type')).toBe(false);
  });
});

describe('refresh on 401', () => {
  it('refreshes once for concurrent callers, then retries each once with the new token', async () => {
    const server = expiringServer();
    const { api, requests } = clientAnswering(server.answer);
    const events: SessionEvent[] = [];
    api.onSessionEvent((event) => events.push(event));
    api.setAccessToken('expired');

    const pending = [api.getAppInfo(), api.getAppInfo(), api.getAppInfo()];
    await vi.waitFor(() => expect(callsTo(requests, REFRESH_PATH)).toHaveLength(1));
    server.release();

    await expect(Promise.all(pending)).resolves.toEqual([sampleAppInfo, sampleAppInfo, sampleAppInfo]);
    expect(callsTo(requests, REFRESH_PATH)).toHaveLength(1);
    const metaCalls = callsTo(requests, '/api/v1/meta').map((request) =>
      request.headers.get('authorization'),
    );
    expect(metaCalls.filter((header) => header === 'Bearer expired')).toHaveLength(3);
    expect(metaCalls.filter((header) => header === 'Bearer fresh')).toHaveLength(3);
    expect(api.getAccessToken()).toBe('fresh');
    expect(events).toEqual([{ type: 'refreshed', tokens: tokens('fresh') }]);
  });

  it('sends the refresh with the CSRF header and without a body', async () => {
    const server = expiringServer();
    server.release();
    const { api, requests } = clientAnswering(server.answer);
    api.setAccessToken('expired');

    await api.getAppInfo();
    const [refresh] = callsTo(requests, REFRESH_PATH);
    expect(refresh?.method).toBe('POST');
    expect(refresh?.headers.get('x-whatpro-csrf')).toBe('1');
    expect(await refresh?.text()).toBe('');
  });

  it('does not loop: a retry that is refused again fails without a second refresh', async () => {
    const server = expiringServer({ valid: 'never-accepted' });
    server.release();
    const { api, requests } = clientAnswering(server.answer);
    api.setAccessToken('expired');

    const error = await rejectionOf(api.getAppInfo());
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(callsTo(requests, REFRESH_PATH)).toHaveLength(1);
    expect(callsTo(requests, '/api/v1/meta')).toHaveLength(2);
  });

  it('signs out when the refresh fails: the token is dropped, listeners are told, callers get the 401', async () => {
    const server = expiringServer({ refreshTo: null });
    const { api, requests } = clientAnswering(server.answer);
    const events: SessionEvent[] = [];
    api.onSessionEvent((event) => events.push(event));
    api.setAccessToken('expired');

    const pending = [api.getAppInfo(), api.getAppInfo()].map(rejectionOf);
    await vi.waitFor(() => expect(callsTo(requests, REFRESH_PATH)).toHaveLength(1));
    server.release();

    for (const error of await Promise.all(pending)) expect(error).toMatchObject({ status: 401 });
    expect(callsTo(requests, REFRESH_PATH)).toHaveLength(1);
    expect(callsTo(requests, '/api/v1/meta')).toHaveLength(2);
    expect(api.getAccessToken()).toBeNull();
    expect(events).toEqual([{ type: 'signed-out' }]);

    await rejectionOf(api.getAppInfo());
    expect(callsTo(requests, '/api/v1/meta').at(-1)?.headers.has('authorization')).toBe(false);
    expect(callsTo(requests, REFRESH_PATH)).toHaveLength(1);
  });

  it('never refreshes for a call made without a token, nor for refused credentials', async () => {
    const server = expiringServer();
    server.release();
    const { api, requests } = clientAnswering(server.answer);

    await rejectionOf(api.getAppInfo());
    api.setAccessToken('expired');
    await rejectionOf(
      call(api.client.POST('/api/v1/auth/sso', { body: { api_access_token: 'wrong' } }), sessionTokensSchema),
    );

    expect(callsTo(requests, REFRESH_PATH)).toHaveLength(0);
    expect(api.getAccessToken()).toBe('expired');
  });

  it('a call whose token was replaced while it was in flight retries with the new one, no refresh', async () => {
    let answerFirst: (response: Response) => void = () => undefined;
    const { api, requests } = clientAnswering((request) => {
      const auth = request.headers.get('authorization');
      if (auth === 'Bearer old') return new Promise<Response>((resolve) => (answerFirst = resolve));
      return auth === 'Bearer new' ? jsonResponse(sampleAppInfo) : unauthorized();
    });
    api.setAccessToken('old');

    const pending = api.getAppInfo();
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    api.setAccessToken('new');
    answerFirst(unauthorized());

    await expect(pending).resolves.toEqual(sampleAppInfo);
    expect(callsTo(requests, REFRESH_PATH)).toHaveLength(0);
  });
});
