import {
  type AppInfo,
  appInfoSchema,
  type ErrorCode,
  errorBodySchema,
  type ReadyResponse,
  readyResponseSchema,
  type SessionTokens,
  sessionTokensSchema,
} from '@whatpro/contracts';
import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** What the client needs from a contracts schema; zod schemas satisfy it structurally. */
export interface ResponseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

/**
 * Codes the server sends, plus two the client assigns itself: `network_error` when no
 * response arrived, `unexpected_response` when a response did not match the contract.
 */
export type ApiErrorCode = ErrorCode | 'network_error' | 'unexpected_response';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly requestId: string | null;
  readonly details: unknown;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    message: string;
    requestId?: string | null;
    details?: unknown;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId ?? null;
    this.details = init.details;
  }
}

function errorFromResponse(response: Response, body: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, details, request_id } = parsed.data.error;
    return new ApiError({ status: response.status, code, message, requestId: request_id, details });
  }
  return new ApiError({
    status: response.status,
    code: 'unexpected_response',
    message: `HTTP ${response.status} without the API error shape`,
    requestId: response.headers.get('x-request-id'),
  });
}

/** What an openapi-fetch call resolves to. */
interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * Settles a typed call into its contract-checked data or an ApiError. The generated types say what the
 * server declares; the contracts schema checks what actually arrived. `acceptStatus` names non-2xx
 * statuses whose body still follows the success schema (503 from /health/ready).
 */
export async function call<T>(
  pending: Promise<FetchResult>,
  schema: ResponseSchema<T>,
  options: { signal?: AbortSignal | undefined; acceptStatus?: readonly number[] } = {},
): Promise<T> {
  let result: FetchResult;
  try {
    result = await pending;
  } catch (error) {
    // Cancellation is not a failure; TanStack Query expects the abort to propagate as is.
    if (options.signal?.aborted || error instanceof ApiError) throw error;
    if (error instanceof SyntaxError) {
      throw new ApiError({ status: 200, code: 'unexpected_response', message: 'Response is not JSON' });
    }
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: error instanceof Error ? error.message : 'Network request failed',
    });
  }
  const { response } = result;
  const body = response.ok ? result.data : result.error;
  if (response.ok || options.acceptStatus?.includes(response.status)) {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    if (response.ok) {
      throw new ApiError({
        status: response.status,
        code: 'unexpected_response',
        message: `Response from ${response.url || 'the API'} does not match the contract`,
        requestId: response.headers.get('x-request-id'),
      });
    }
  }
  throw errorFromResponse(response, body);
}

export const REFRESH_PATH = '/api/v1/auth/refresh';

/** A 401 from these means the credentials they carry were refused, not that the access token expired. */
const CREDENTIAL_PATHS = new Set([
  REFRESH_PATH,
  '/api/v1/auth/sso',
  '/api/v1/auth/logout',
  '/api/v1/instance-tokens/exchange',
]);

export type SessionEvent = { type: 'refreshed'; tokens: SessionTokens } | { type: 'signed-out' };

export interface ApiClientOptions {
  fetch?: typeof fetch;
  /** Defaults to the page's origin; requests must be absolute outside a browser. */
  baseUrl?: string;
}

export function createApiClient({ fetch: fetchImpl, baseUrl }: ApiClientOptions = {}) {
  // Memory only: a token in localStorage would be readable by any script on the origin.
  let accessToken: string | null = null;
  let refreshing: Promise<SessionTokens> | null = null;
  const listeners = new Set<(event: SessionEvent) => void>();
  const origin = baseUrl ?? globalThis.location?.origin ?? '';

  // Resolved per call so a fetch replaced after start-up (tests, polyfills) is the one used.
  const send = (request: Request) => (fetchImpl ?? globalThis.fetch)(request);

  function emit(event: SessionEvent): void {
    for (const listener of listeners) listener(event);
  }

  function withToken(request: Request, token: string | null): Request {
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  }

  /**
   * One refresh at a time: callers that arrive while it runs share its outcome. The refresh cookie
   * travels by itself (same origin); the CSRF header proves the call comes from our own script. Any
   * failure ends the session here, so no caller keeps retrying with a token the server has refused.
   */
  function refreshSession(): Promise<SessionTokens> {
    refreshing ??= (async () => {
      try {
        const tokens = await call(
          client.POST(REFRESH_PATH, { headers: { 'x-whatpro-csrf': '1' } }),
          sessionTokensSchema,
        );
        accessToken = tokens.access_token;
        emit({ type: 'refreshed', tokens });
        return tokens;
      } catch (error) {
        accessToken = null;
        emit({ type: 'signed-out' });
        throw error;
      }
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  /**
   * Every typed call goes through here. A 401 to a call that carried our access token means the token
   * expired: refresh once (shared with concurrent callers), then retry once with the new token. A call
   * whose token was already replaced while it was in flight retries with the new one without refreshing.
   */
  async function authorizedFetch(request: Request): Promise<Response> {
    const sentToken = accessToken;
    const path = new URL(request.url).pathname;
    const mayRetry = sentToken !== null && !CREDENTIAL_PATHS.has(path);
    const retryRequest = mayRetry ? request.clone() : null;
    const response = await send(withToken(request, sentToken));
    if (response.status !== 401 || !retryRequest) return response;

    let token = accessToken;
    if (token === sentToken) {
      token = await refreshSession().then(
        (tokens) => tokens.access_token,
        () => null,
      );
    }
    if (token === null) return response;
    return send(withToken(retryRequest, token));
  }

  const client = createClient<paths>({
    baseUrl: origin,
    fetch: authorizedFetch,
    headers: { Accept: 'application/json' },
  });

  return {
    /** The typed client: paths, params, bodies and responses come from the server's OpenAPI document. */
    client,
    setAccessToken(token: string | null): void {
      accessToken = token;
    },
    getAccessToken: (): string | null => accessToken,
    refreshSession,
    /** Told when a refresh (from a renewal or a 401) issued new tokens, or failed and signed out. */
    onSessionEvent(listener: (event: SessionEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getAppInfo: (signal?: AbortSignal): Promise<AppInfo> =>
      call(client.GET('/api/v1/meta', { signal }), appInfoSchema, { signal }),
    getReadiness: (signal?: AbortSignal): Promise<ReadyResponse> =>
      call(client.GET('/health/ready', { signal }), readyResponseSchema, { signal, acceptStatus: [503] }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

export const api = createApiClient();
