import {
  type AppInfo,
  appInfoSchema,
  type ErrorCode,
  errorBodySchema,
  type ReadyResponse,
  readyResponseSchema,
} from '@whatpro/contracts';

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

export interface RequestOptions {
  signal?: AbortSignal;
  /** Non-2xx statuses whose body still follows the success schema (e.g. 503 from /health/ready). */
  acceptStatus?: readonly number[];
  method?: 'GET' | 'POST';
  /** Sent as JSON; without it no body and no Content-Type are sent. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
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

export function createApiClient({ fetch: fetchImpl }: ApiClientOptions = {}) {
  // Memory only: a token in localStorage would be readable by any script on the origin.
  let accessToken: string | null = null;

  async function request<T>(
    path: string,
    schema: ResponseSchema<T>,
    options: RequestOptions = {},
  ): Promise<T> {
    const headers = new Headers({ ...options.headers, Accept: 'application/json' });
    if (accessToken) headers.set('Authorization', `Bearer ${accessToken}`);
    if (options.body !== undefined) headers.set('Content-Type', 'application/json');

    let response: Response;
    let text: string;
    try {
      // Resolved per call so a fetch replaced after start-up (tests, polyfills) is the one used.
      response = await (fetchImpl ?? globalThis.fetch)(path, {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: options.signal ?? null,
      });
      text = await response.text();
    } catch (error) {
      // Cancellation is not a failure; TanStack Query expects the abort to propagate as is.
      if (options.signal?.aborted) throw error;
      throw new ApiError({
        status: 0,
        code: 'network_error',
        message: error instanceof Error ? error.message : 'Network request failed',
      });
    }

    const body = parseJson(text);
    if (response.ok || options.acceptStatus?.includes(response.status)) {
      const parsed = schema.safeParse(body);
      if (parsed.success) return parsed.data;
      if (response.ok) {
        throw new ApiError({
          status: response.status,
          code: 'unexpected_response',
          message: `Response from ${path} does not match the contract`,
          requestId: response.headers.get('x-request-id'),
        });
      }
    }
    throw errorFromResponse(response, body);
  }

  return {
    setAccessToken(token: string | null): void {
      accessToken = token;
    },
    request,
    getAppInfo: (signal?: AbortSignal): Promise<AppInfo> =>
      request('/api/v1/meta', appInfoSchema, { signal }),
    getReadiness: (signal?: AbortSignal): Promise<ReadyResponse> =>
      request('/health/ready', readyResponseSchema, { signal, acceptStatus: [503] }),
  };
}

export const api = createApiClient();
