import { appInfoSchema } from '@whatpro/contracts';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, readyOk, sampleAppInfo } from '../test/helpers';
import { ApiError, createApiClient } from './client';

function clientAnswering(response: () => Response | Promise<Response>) {
  const fetchMock = vi.fn<typeof fetch>(async () => response());
  return { client: createApiClient({ fetch: fetchMock }), fetchMock };
}

function sentHeaders(fetchMock: ReturnType<typeof vi.fn<typeof fetch>>): Headers {
  return new Headers(fetchMock.mock.calls[0]?.[1]?.headers);
}

async function rejectionOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => expect.unreachable('the request should have failed'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('api client', () => {
  it('parses a successful response with the contract schema and asks for JSON', async () => {
    const { client, fetchMock } = clientAnswering(() => jsonResponse(sampleAppInfo));

    await expect(client.getAppInfo()).resolves.toEqual(sampleAppInfo);
    expect(fetchMock).toHaveBeenCalledWith('/api/v1/meta', expect.anything());
    expect(sentHeaders(fetchMock).get('accept')).toBe('application/json');
    expect(sentHeaders(fetchMock).has('authorization')).toBe(false);
  });

  it('sends the in-memory access token until it is cleared', async () => {
    const { client, fetchMock } = clientAnswering(() => jsonResponse(sampleAppInfo));

    client.setAccessToken('token-123');
    await client.request('/api/v1/meta', appInfoSchema);
    client.setAccessToken(null);
    await client.request('/api/v1/meta', appInfoSchema);

    expect(new Headers(fetchMock.mock.calls[0]?.[1]?.headers).get('authorization')).toBe('Bearer token-123');
    expect(new Headers(fetchMock.mock.calls[1]?.[1]?.headers).has('authorization')).toBe(false);
  });

  it('never writes the access token to localStorage', async () => {
    const { client } = clientAnswering(() => jsonResponse(sampleAppInfo));
    client.setAccessToken('token-123');
    await client.getAppInfo();
    expect(window.localStorage.length).toBe(0);
  });

  it('turns the JSON error shape into a typed ApiError', async () => {
    const { client } = clientAnswering(() =>
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

    const error = await rejectionOf(client.getAppInfo());
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'name is required',
      requestId: 'req-42',
      details: [{ field: 'name', message: 'required' }],
    });
  });

  it('reports a non-JSON 500 as an ApiError, not a parse crash', async () => {
    const { client } = clientAnswering(
      () =>
        new Response('<html>Bad Gateway</html>', {
          status: 500,
          headers: { 'Content-Type': 'text/html', 'X-Request-Id': 'req-500' },
        }),
    );

    const error = await rejectionOf(client.getAppInfo());
    expect(error).toMatchObject({ status: 500, code: 'unexpected_response', requestId: 'req-500' });
  });

  it('rejects a 200 whose body breaks the contract', async () => {
    const { client } = clientAnswering(() => jsonResponse({ ...sampleAppInfo, environment: 'staging' }));

    const error = await rejectionOf(client.getAppInfo());
    expect(error).toMatchObject({ status: 200, code: 'unexpected_response' });
  });

  it('reports an unreachable server as a network error', async () => {
    const { client } = clientAnswering(() => Promise.reject(new TypeError('Failed to fetch')));

    const error = await rejectionOf(client.getAppInfo());
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('lets an aborted request reject with the abort itself', async () => {
    const controller = new AbortController();
    const { client } = clientAnswering(() => {
      controller.abort();
      return Promise.reject(new DOMException('aborted', 'AbortError'));
    });

    await expect(client.getAppInfo(controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reads a 503 from /health/ready as an "unavailable" report, not an exception', async () => {
    const unavailable = { status: 'unavailable', checks: { database: { status: 'down', error: 'timeout' } } };
    const { client } = clientAnswering(() => jsonResponse(unavailable, 503));

    await expect(client.getReadiness()).resolves.toEqual(unavailable);
  });

  it('still raises the API error when a 503 carries the error shape instead', async () => {
    const { client } = clientAnswering(() =>
      jsonResponse({ error: { code: 'service_unavailable', message: 'draining', request_id: 'req-7' } }, 503),
    );

    const error = await rejectionOf(client.getReadiness());
    expect(error).toMatchObject({ status: 503, code: 'service_unavailable', requestId: 'req-7' });
  });

  it('accepts a ready report', async () => {
    const { client } = clientAnswering(() => jsonResponse(readyOk));
    await expect(client.getReadiness()).resolves.toEqual(readyOk);
  });

  it('POSTs a JSON body with extra headers; without a body it sends no Content-Type', async () => {
    const { client, fetchMock } = clientAnswering(() => jsonResponse(sampleAppInfo));

    await client.request('/api/v1/x', appInfoSchema, {
      method: 'POST',
      body: { instance_token: 'whi_1' },
      headers: { 'x-whatpro-csrf': '1' },
    });
    await client.request('/api/v1/y', appInfoSchema, { method: 'POST' });

    const [first, second] = fetchMock.mock.calls;
    expect(first?.[1]).toMatchObject({ method: 'POST', body: '{"instance_token":"whi_1"}' });
    const headers = new Headers(first?.[1]?.headers);
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('x-whatpro-csrf')).toBe('1');
    expect(headers.get('accept')).toBe('application/json');
    expect(second?.[1]).toMatchObject({ method: 'POST', body: null });
    expect(new Headers(second?.[1]?.headers).has('content-type')).toBe(false);
  });
});
