// The one Chatwoot client of the server. Every call goes through `send`: SSRF policy, per-attempt
// timeout, retries for idempotent methods only, status → typed error, body → zod-checked value.
import type { z } from 'zod';
import {
  ChatwootBadResponseError,
  ChatwootBlockedUrlError,
  ChatwootError,
  ChatwootForbiddenError,
  ChatwootInvalidRequestError,
  ChatwootNotFoundError,
  ChatwootRateLimitedError,
  ChatwootUnauthorizedError,
  ChatwootUnreachableError,
  type UnreachableReason,
} from './errors';
import {
  type AccountRole,
  accountUserSchema,
  agentListEnvelopeSchema,
  agentSchema,
  type ChatwootAccountUser,
  type ChatwootAgent,
  type ChatwootConversation,
  type ChatwootConversationPage,
  type ChatwootDashboardApp,
  type ChatwootInbox,
  type ChatwootMessage,
  type ChatwootPlatformAccount,
  type ChatwootPlatformUser,
  type ChatwootTeam,
  type ChatwootToggleStatusResult,
  type ChatwootUser,
  type ChatwootVersion,
  type ChatwootWebhook,
  type ConversationStatus,
  conversationListSchema,
  conversationSchema,
  dashboardAppSchema,
  inboxListSchema,
  labelListSchema,
  messageSchema,
  platformAccountSchema,
  platformUserSchema,
  signInBodySchema,
  teamSchema,
  toggleStatusSchema,
  userSchema,
  validateTokenBodySchema,
  versionSchema,
  webhookEnvelopeSchema,
  webhookListSchema,
} from './schemas';
import { checkResolvedAddresses, checkUrlShape, defaultLookup, type Resolver } from './ssrf';
import { createNodeTransport, type Transport } from './transport';

// ----------------------------------------------------------------------------------------------
// Public types

/** A user's personal API token (`api_access_token` header), e.g. an account administrator's. */
export interface UserTokenAuth {
  kind: 'user_token';
  token: string;
}

/** devise_token_auth headers, as read from the `cw_d_session_info` cookie or returned by sign-in. */
export interface DeviseAuth {
  kind: 'devise';
  accessToken: string;
  client: string;
  uid: string;
}

/** A Platform App token (`api_access_token` header on `/platform/api/v1`). */
export interface PlatformTokenAuth {
  kind: 'platform_token';
  token: string;
}

/** Credentials the Application API (`/api/v1`) accepts. */
export type UserAuth = UserTokenAuth | DeviseAuth;
export type ChatwootAuth = UserAuth | PlatformTokenAuth;

export interface ChatwootLogger {
  warn(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

export interface ChatwootClientOptions {
  /** Chatwoot's origin, optionally with a path prefix (`https://chat.example.com`). */
  baseUrl: string;
  /** Allow loopback/private/link-local targets (Chatwoot on the same host or Docker network). */
  allowPrivateNetwork: boolean;
  /** Per attempt, covering connect, headers and body. Default 10 000. */
  timeoutMs?: number;
  /** Extra attempts for GET/PUT/DELETE on network errors, 408, 429, 500, 502, 503, 504. Default 2. */
  retries?: number;
  /** First backoff step; doubles per attempt, with jitter. Default 250. */
  retryBaseDelayMs?: number;
  /** Longest wait between attempts; a longer `Retry-After` fails at once instead. Default 5 000. */
  maxRetryDelayMs?: number;
  /** Larger successful bodies are refused. Default 10 MiB. */
  maxResponseBytes?: number;
  /**
   * Replaces the built-in node:http transport. A custom fetch does its own DNS, so the private-address
   * check then runs as a lookup before each call rather than inside the connection.
   */
  fetch?: typeof fetch;
  /** DNS resolver (all addresses of a name); the private-address policy applies to what it returns. */
  lookup?: Resolver;
  userAgent?: string;
  log?: ChatwootLogger;
}

export interface SignInResult {
  auth: DeviseAuth;
  /** From devise's `expiry` header (unix seconds), when present. */
  expiresAt: Date | null;
  user: ChatwootUser;
}

export type ChatwootWebhookEvent =
  | 'conversation_created'
  | 'conversation_status_changed'
  | 'conversation_updated'
  | 'contact_created'
  | 'contact_updated'
  | 'message_created'
  | 'message_updated'
  | 'webwidget_triggered'
  | 'inbox_created'
  | 'inbox_updated'
  | 'conversation_typing_on'
  | 'conversation_typing_off';

export interface ListConversationsQuery {
  /** Chatwoot's default is `open`. */
  status?: ConversationStatus | 'all';
  assigneeType?: 'me' | 'unassigned' | 'assigned' | 'all';
  inboxId?: number;
  teamId?: number;
  /** 1-based; Chatwoot pages by 25. */
  page?: number;
  /** Only conversations whose `updated_at` is within this many seconds of Chatwoot's now. */
  updatedWithin?: number;
}

export interface WebhookInput {
  url: string;
  subscriptions: readonly ChatwootWebhookEvent[];
  name?: string;
  /** Limit the webhook to one inbox. */
  inboxId?: number;
}

export interface ChatwootClient {
  /** Normalised base URL (no trailing slash). */
  readonly baseUrl: string;
  getProfile(auth: UserAuth): Promise<ChatwootUser>;
  signIn(email: string, password: string): Promise<SignInResult>;
  validateToken(auth: DeviseAuth): Promise<ChatwootUser>;
  listInboxes(auth: UserAuth, accountId: number): Promise<ChatwootInbox[]>;
  listAgents(auth: UserAuth, accountId: number): Promise<ChatwootAgent[]>;
  listTeams(auth: UserAuth, accountId: number): Promise<ChatwootTeam[]>;
  listTeamMembers(auth: UserAuth, accountId: number, teamId: number): Promise<ChatwootAgent[]>;
  /** `GET …/inbox_members/{inbox_id}`: the agents assigned to an inbox (what an agent may see). */
  listInboxMembers(auth: UserAuth, accountId: number, inboxId: number): Promise<ChatwootAgent[]>;
  listConversations(
    auth: UserAuth,
    accountId: number,
    query?: ListConversationsQuery,
  ): Promise<ChatwootConversationPage>;
  getConversation(auth: UserAuth, accountId: number, displayId: number): Promise<ChatwootConversation>;
  toggleConversationStatus(
    auth: UserAuth,
    accountId: number,
    displayId: number,
    status: ConversationStatus,
    options?: { snoozedUntil?: number },
  ): Promise<ChatwootToggleStatusResult>;
  listConversationLabels(auth: UserAuth, accountId: number, displayId: number): Promise<string[]>;
  /** Replaces the whole label list (Chatwoot's `update_labels`); returns the list Chatwoot kept. */
  setConversationLabels(
    auth: UserAuth,
    accountId: number,
    displayId: number,
    labels: readonly string[],
  ): Promise<string[]>;
  /** `POST …/assignments`: an agent (`null` unassigns) or, without an agent, a team. */
  assignConversation(
    auth: UserAuth,
    accountId: number,
    displayId: number,
    target: { assigneeId: number | null } | { teamId: number | null },
  ): Promise<void>;
  /** An outgoing message to the contact, or a private note the contact never sees. */
  createMessage(
    auth: UserAuth,
    accountId: number,
    displayId: number,
    input: { content: string; private: boolean },
  ): Promise<ChatwootMessage>;
  listDashboardApps(auth: UserAuth, accountId: number): Promise<ChatwootDashboardApp[]>;
  createDashboardApp(
    auth: UserAuth,
    accountId: number,
    input: { title: string; url: string },
  ): Promise<ChatwootDashboardApp>;
  updateDashboardApp(
    auth: UserAuth,
    accountId: number,
    appId: number,
    input: { title?: string; url?: string },
  ): Promise<ChatwootDashboardApp>;
  deleteDashboardApp(auth: UserAuth, accountId: number, appId: number): Promise<void>;
  listWebhooks(auth: UserAuth, accountId: number): Promise<ChatwootWebhook[]>;
  /** The result carries the signing `secret` on Chatwoot ≥ 4.11.2. */
  createWebhook(auth: UserAuth, accountId: number, input: WebhookInput): Promise<ChatwootWebhook>;
  updateWebhook(
    auth: UserAuth,
    accountId: number,
    webhookId: number,
    input: Partial<WebhookInput>,
  ): Promise<ChatwootWebhook>;
  deleteWebhook(auth: UserAuth, accountId: number, webhookId: number): Promise<void>;
  createPlatformAccount(
    auth: PlatformTokenAuth,
    input: {
      name: string;
      locale?: string;
      domain?: string;
      supportEmail?: string;
      status?: 'active' | 'suspended';
      limits?: Record<string, number>;
      customAttributes?: Record<string, unknown>;
    },
  ): Promise<ChatwootPlatformAccount>;
  createPlatformUser(
    auth: PlatformTokenAuth,
    input: {
      name: string;
      email: string;
      password?: string;
      displayName?: string;
      customAttributes?: Record<string, unknown>;
    },
  ): Promise<ChatwootPlatformUser>;
  createAccountUser(
    auth: PlatformTokenAuth,
    accountId: number,
    input: { userId: number; role: AccountRole },
  ): Promise<ChatwootAccountUser>;
  /**
   * `GET /api`: installation version, unauthenticated. Health probes pass a shorter timeout and no
   * retries, so a slow Chatwoot cannot hold a probe longer than its budget.
   */
  getVersion(options?: { timeoutMs?: number; retries?: number }): Promise<ChatwootVersion>;
  /** Close pooled keep-alive connections of the built-in transport. */
  close(): void;
}

// ----------------------------------------------------------------------------------------------
// Internals

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface CallSpec {
  operation: string;
  method: Method;
  path: string;
  query?: Record<string, string | number | undefined>;
  auth?: ChatwootAuth;
  body?: unknown;
  /** Values besides the credential that must never show up in errors or logs (passwords). */
  secrets?: string[];
  /** Overrides of the client's per-attempt timeout and retry count for this call. */
  timeoutMs?: number;
  retries?: number;
}

interface Success {
  status: number;
  headers: Headers;
  text: string;
}

const IDEMPOTENT: ReadonlySet<Method> = new Set(['GET', 'PUT', 'DELETE']);
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA']);
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** Enough for any Chatwoot error body; the rest is not read. */
const ERROR_BODY_LIMIT = 64 * 1024;
const MESSAGE_LIMIT = 300;
/** Header values must be visible ASCII; anything else would make fetch echo the value in its error. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

const REDACTED = '[REDACTED]';

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => (secret.length >= 4 ? out.split(secret).join(REDACTED) : out), text);
}

function secretsOf(spec: CallSpec): string[] {
  const auth = spec.auth;
  const fromAuth =
    auth === undefined ? [] : auth.kind === 'devise' ? [auth.accessToken, auth.client] : [auth.token];
  return [...fromAuth, ...(spec.secrets ?? [])];
}

function authHeaders(auth: ChatwootAuth | undefined, operation: string): Record<string, string> {
  if (auth === undefined) return {};
  const headers: Record<string, string> =
    auth.kind === 'devise'
      ? { 'access-token': auth.accessToken, client: auth.client, uid: auth.uid }
      : { api_access_token: auth.token };
  for (const value of Object.values(headers)) {
    if (typeof value !== 'string' || !HEADER_SAFE.test(value)) {
      throw new ChatwootUnauthorizedError(
        `Chatwoot ${operation} not sent: the credential is empty or has characters a header cannot carry`,
        { operation, reason: 'invalid_credentials' },
      );
    }
  }
  return headers;
}

function requireId(value: number, what: string, operation: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ChatwootInvalidRequestError(`Chatwoot ${operation}: ${what} must be a positive integer`, {
      operation,
    });
  }
  return value;
}

/** `error` (Chatwoot), `errors: [...]` (devise), `message` (RecordInvalid), redacted and shortened. */
function chatwootMessage(text: string, secrets: readonly string[]): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  let message: string | undefined;
  if (typeof record.error === 'string') message = record.error;
  else if (typeof record.message === 'string') message = record.message;
  else if (Array.isArray(record.errors)) {
    message = record.errors.filter((e): e is string => typeof e === 'string').join('; ') || undefined;
  } else if (record.errors && typeof record.errors === 'object') {
    const full = (record.errors as Record<string, unknown>).full_messages;
    if (Array.isArray(full)) message = full.filter((e) => typeof e === 'string').join('; ') || undefined;
  }
  if (message === undefined) return undefined;
  const clean = redact(message, secrets);
  return clean.length > MESSAGE_LIMIT ? `${clean.slice(0, MESSAGE_LIMIT)}…` : clean;
}

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds. */
function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorForStatus(
  operation: string,
  response: Response,
  requestUrl: string,
  text: string,
  secrets: readonly string[],
  retryAfterMs: number | undefined,
): ChatwootError {
  const status = response.status;
  const message = chatwootMessage(text, secrets);
  const options = { operation, status, chatwootMessage: message };
  const summary = `Chatwoot ${operation} failed with HTTP ${status}${message ? `: ${message}` : ''}`;
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location');
    let target = '';
    if (location !== null) {
      try {
        target = ` to ${new URL(location, requestUrl).origin}`;
      } catch {
        target = ' to an unparsable location';
      }
    }
    return new ChatwootBadResponseError(
      `Chatwoot ${operation} answered with a redirect (HTTP ${status}${target}); redirects are not followed`,
      options,
    );
  }
  switch (status) {
    case 401:
      return new ChatwootUnauthorizedError(summary, options);
    case 403:
      return new ChatwootForbiddenError(summary, options);
    case 404:
      return new ChatwootNotFoundError(summary, options);
    case 408:
      return new ChatwootUnreachableError(summary, { ...options, reason: 'timeout' });
    case 429:
      return new ChatwootRateLimitedError(summary, { ...options, retryAfterMs });
  }
  if (status >= 400 && status < 500) return new ChatwootInvalidRequestError(summary, options);
  return new ChatwootBadResponseError(summary, options);
}

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A copy of a transport error with secrets scrubbed from its message, safe to keep as `cause`. */
function safeCause(error: unknown, secrets: readonly string[]): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(redact(original.message, secrets));
  copy.name = original.name;
  const code = errorCode(error);
  if (code !== undefined) Object.assign(copy, { code });
  return copy;
}

function findBlocked(error: unknown): ChatwootBlockedUrlError | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    if (current instanceof ChatwootBlockedUrlError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

async function readBody(response: Response, limit: number, operation: string): Promise<string> {
  const tooLarge = () =>
    new ChatwootBadResponseError(`Chatwoot ${operation} answered with a body larger than ${limit} bytes`, {
      operation,
      status: response.status,
    });
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson<S extends z.ZodType>(operation: string, success: Success, schema: S): z.output<S> {
  const status = success.status;
  let body: unknown;
  try {
    body = JSON.parse(success.text);
  } catch {
    const type = success.headers.get('content-type') ?? 'none';
    throw new ChatwootBadResponseError(
      `Chatwoot ${operation} answered with a body that is not JSON (content-type ${type})`,
      { operation, status },
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    // Paths and zod's type messages only: the values could be secrets (profile `access_token`).
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new ChatwootBadResponseError(`Chatwoot ${operation} answered with an unexpected shape: ${issues}`, {
      operation,
      status,
    });
  }
  return parsed.data;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function positive(value: number | undefined, fallback: number, name: string, allowZero = false): number {
  const result = value ?? fallback;
  if (!Number.isFinite(result) || result < 0 || (!allowZero && result === 0)) {
    throw new RangeError(
      `createChatwootClient: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number`,
    );
  }
  return result;
}

// ----------------------------------------------------------------------------------------------
// The client

export function createChatwootClient(options: ChatwootClientOptions): ChatwootClient {
  const base = checkUrlShape(options.baseUrl, options.allowPrivateNetwork, 'createChatwootClient');
  if (base.search !== '' || base.hash !== '') {
    throw new ChatwootBlockedUrlError('Chatwoot URL must not have a query or fragment', {
      operation: 'createChatwootClient',
      reason: 'invalid_url',
    });
  }
  const baseUrl = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const timeoutMs = positive(options.timeoutMs, 10_000, 'timeoutMs');
  const retries = Math.floor(positive(options.retries, 2, 'retries', true));
  const retryBaseDelayMs = positive(options.retryBaseDelayMs, 250, 'retryBaseDelayMs', true);
  const maxRetryDelayMs = positive(options.maxRetryDelayMs, 5_000, 'maxRetryDelayMs', true);
  const maxResponseBytes = positive(options.maxResponseBytes, 10 * 1024 * 1024, 'maxResponseBytes');
  const userAgent = options.userAgent ?? 'WhatProHub (chatwoot-client)';
  const log = options.log;

  const nodeTransport = options.fetch ? undefined : createNodeTransport(options);
  const transport: Transport = options.fetch ?? nodeTransport!.transport;
  // With a custom fetch the connection does its own DNS, so the best we can do is check first.
  const preflight =
    options.fetch && !options.allowPrivateNetwork
      ? (url: URL, operation: string) =>
          checkResolvedAddresses(url, options.lookup ?? defaultLookup, operation)
      : undefined;

  function urlFor(spec: CallSpec): string {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) query.set(key, String(value));
    }
    const search = query.size > 0 ? `?${query.toString()}` : '';
    return `${baseUrl}${spec.path}${search}`;
  }

  function backoff(attempt: number): number {
    const ceiling = Math.min(maxRetryDelayMs, retryBaseDelayMs * 2 ** (attempt - 1));
    // Equal jitter: at least half the step, so retries never collapse onto each other.
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  function thrownToError(
    operation: string,
    error: unknown,
    signal: AbortSignal,
    secrets: readonly string[],
    attemptTimeoutMs: number,
  ): ChatwootError {
    const blocked = findBlocked(error);
    if (blocked) return new ChatwootBlockedUrlError(blocked.message, { operation, reason: blocked.reason });
    if (error instanceof ChatwootError) return error;
    const cause = safeCause(error, secrets);
    if (signal.aborted) {
      return new ChatwootUnreachableError(
        `Chatwoot did not answer ${operation} within ${attemptTimeoutMs} ms`,
        {
          operation,
          reason: 'timeout',
          cause,
        },
      );
    }
    const code = errorCode(error);
    const reason: UnreachableReason =
      code !== undefined && DNS_CODES.has(code)
        ? 'dns'
        : code !== undefined && CONNECT_CODES.has(code)
          ? 'connect'
          : 'network';
    return new ChatwootUnreachableError(
      `Chatwoot could not be reached for ${operation} (${code ?? cause.message})`,
      { operation, reason, cause },
    );
  }

  async function send(spec: CallSpec): Promise<Success> {
    const { operation, method } = spec;
    const secrets = secretsOf(spec);
    const url = urlFor(spec);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': userAgent,
      ...authHeaders(spec.auth, operation),
    };
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (preflight) await preflight(new URL(url), operation);

    const attempts = IDEMPOTENT.has(method) ? (spec.retries ?? retries) + 1 : 1;
    const attemptTimeoutMs = spec.timeoutMs ?? timeoutMs;
    const logContext = { operation, method, path: spec.path };
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      const signal = AbortSignal.timeout(attemptTimeoutMs);
      let failure: ChatwootError;
      let retryAfterMs: number | undefined;
      try {
        const response = await transport(url, { method, headers, body, signal, redirect: 'manual' });
        if (response.status >= 200 && response.status < 300) {
          const text = await readBody(response, maxResponseBytes, operation);
          log?.debug?.(
            {
              ...logContext,
              attempt,
              status: response.status,
              durationMs: Math.round(performance.now() - started),
            },
            'chatwoot call',
          );
          return { status: response.status, headers: response.headers, text };
        }
        const text = await readBody(response, ERROR_BODY_LIMIT, operation).catch(() => '');
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
        failure = errorForStatus(operation, response, url, text, secrets, retryAfterMs);
      } catch (error) {
        failure = thrownToError(operation, error, signal, secrets, attemptTimeoutMs);
      }
      log?.debug?.(
        {
          ...logContext,
          attempt,
          status: failure.status,
          error: failure.name,
          durationMs: Math.round(performance.now() - started),
        },
        'chatwoot call failed',
      );
      const retryable =
        attempt < attempts &&
        (failure instanceof ChatwootUnreachableError ||
          (failure.status !== undefined && RETRYABLE_STATUSES.has(failure.status)));
      if (!retryable || (retryAfterMs !== undefined && retryAfterMs > maxRetryDelayMs)) throw failure;
      const delayMs = Math.round(retryAfterMs ?? backoff(attempt));
      log?.warn(
        { ...logContext, attempt, status: failure.status, error: failure.name, delayMs },
        'chatwoot call failed; retrying',
      );
      await sleep(delayMs);
    }
  }

  async function call<S extends z.ZodType>(spec: CallSpec, schema: S): Promise<z.output<S>> {
    const success = await send(spec);
    return parseJson(spec.operation, success, schema);
  }

  const accountPath = (accountId: number, operation: string) =>
    `/api/v1/accounts/${requireId(accountId, 'accountId', operation)}`;

  return {
    baseUrl,

    getProfile: async (auth) =>
      call({ operation: 'getProfile', method: 'GET', path: '/api/v1/profile', auth }, userSchema),

    async signIn(email, password) {
      const operation = 'signIn';
      const success = await send({
        operation,
        method: 'POST',
        path: '/auth/sign_in',
        body: { email, password },
        secrets: [password],
      });
      const { data: user } = parseJson(operation, success, signInBodySchema);
      const accessToken = success.headers.get('access-token');
      const client = success.headers.get('client');
      const uid = success.headers.get('uid');
      if (!accessToken || !client || !uid) {
        throw new ChatwootBadResponseError(
          'Chatwoot signIn succeeded without the access-token/client/uid headers',
          { operation, status: 200 },
        );
      }
      const expiry = Number(success.headers.get('expiry'));
      return {
        auth: { kind: 'devise', accessToken, client, uid },
        expiresAt: Number.isFinite(expiry) && expiry > 0 ? new Date(expiry * 1000) : null,
        user,
      };
    },

    async validateToken(auth) {
      const body = await call(
        { operation: 'validateToken', method: 'GET', path: '/auth/validate_token', auth },
        validateTokenBodySchema,
      );
      return body.payload.data;
    },

    async listInboxes(auth, accountId) {
      const operation = 'listInboxes';
      const body = await call(
        { operation, method: 'GET', path: `${accountPath(accountId, operation)}/inboxes`, auth },
        inboxListSchema,
      );
      return body.payload;
    },

    async listAgents(auth, accountId) {
      const operation = 'listAgents';
      return call(
        { operation, method: 'GET', path: `${accountPath(accountId, operation)}/agents`, auth },
        agentSchema.array(),
      );
    },

    async listTeams(auth, accountId) {
      const operation = 'listTeams';
      return call(
        { operation, method: 'GET', path: `${accountPath(accountId, operation)}/teams`, auth },
        teamSchema.array(),
      );
    },

    async listTeamMembers(auth, accountId, teamId) {
      const operation = 'listTeamMembers';
      const team = requireId(teamId, 'teamId', operation);
      return call(
        {
          operation,
          method: 'GET',
          path: `${accountPath(accountId, operation)}/teams/${team}/team_members`,
          auth,
        },
        agentSchema.array(),
      );
    },

    async listConversations(auth, accountId, query = {}) {
      const operation = 'listConversations';
      const body = await call(
        {
          operation,
          method: 'GET',
          path: `${accountPath(accountId, operation)}/conversations`,
          query: {
            status: query.status,
            assignee_type: query.assigneeType,
            inbox_id:
              query.inboxId === undefined ? undefined : requireId(query.inboxId, 'inboxId', operation),
            team_id: query.teamId === undefined ? undefined : requireId(query.teamId, 'teamId', operation),
            page: query.page === undefined ? undefined : requireId(query.page, 'page', operation),
            updated_within:
              query.updatedWithin === undefined
                ? undefined
                : requireId(query.updatedWithin, 'updatedWithin', operation),
          },
          auth,
        },
        conversationListSchema,
      );
      return body.data;
    },

    async listInboxMembers(auth, accountId, inboxId) {
      const operation = 'listInboxMembers';
      const inbox = requireId(inboxId, 'inboxId', operation);
      const body = await call(
        {
          operation,
          method: 'GET',
          path: `${accountPath(accountId, operation)}/inbox_members/${inbox}`,
          auth,
        },
        agentListEnvelopeSchema,
      );
      return body.payload;
    },

    async getConversation(auth, accountId, displayId) {
      const operation = 'getConversation';
      const id = requireId(displayId, 'displayId', operation);
      return call(
        { operation, method: 'GET', path: `${accountPath(accountId, operation)}/conversations/${id}`, auth },
        conversationSchema,
      );
    },

    async toggleConversationStatus(auth, accountId, displayId, status, options = {}) {
      const operation = 'toggleConversationStatus';
      const id = requireId(displayId, 'displayId', operation);
      const body = await call(
        {
          operation,
          method: 'POST',
          path: `${accountPath(accountId, operation)}/conversations/${id}/toggle_status`,
          body: { status, snoozed_until: options.snoozedUntil },
          auth,
        },
        toggleStatusSchema,
      );
      return body.payload;
    },

    async listConversationLabels(auth, accountId, displayId) {
      const operation = 'listConversationLabels';
      const id = requireId(displayId, 'displayId', operation);
      const body = await call(
        {
          operation,
          method: 'GET',
          path: `${accountPath(accountId, operation)}/conversations/${id}/labels`,
          auth,
        },
        labelListSchema,
      );
      return body.payload;
    },

    async setConversationLabels(auth, accountId, displayId, labels) {
      const operation = 'setConversationLabels';
      const id = requireId(displayId, 'displayId', operation);
      const body = await call(
        {
          operation,
          method: 'POST',
          path: `${accountPath(accountId, operation)}/conversations/${id}/labels`,
          body: { labels },
          auth,
        },
        labelListSchema,
      );
      return body.payload;
    },

    async assignConversation(auth, accountId, displayId, target) {
      const operation = 'assignConversation';
      const id = requireId(displayId, 'displayId', operation);
      // Chatwoot assigns the agent when `assignee_id` is present at all, so a team assignment must not
      // carry the key.
      const body =
        'assigneeId' in target
          ? {
              assignee_id:
                target.assigneeId === null ? null : requireId(target.assigneeId, 'assigneeId', operation),
            }
          : { team_id: target.teamId === null ? null : requireId(target.teamId, 'teamId', operation) };
      await send({
        operation,
        method: 'POST',
        path: `${accountPath(accountId, operation)}/conversations/${id}/assignments`,
        body,
        auth,
      });
    },

    async createMessage(auth, accountId, displayId, input) {
      const operation = 'createMessage';
      const id = requireId(displayId, 'displayId', operation);
      if (input.content.trim() === '') {
        throw new ChatwootInvalidRequestError(`Chatwoot ${operation}: content must not be blank`, {
          operation,
        });
      }
      return call(
        {
          operation,
          method: 'POST',
          path: `${accountPath(accountId, operation)}/conversations/${id}/messages`,
          body: { content: input.content, message_type: 'outgoing', private: input.private },
          auth,
        },
        messageSchema,
      );
    },

    async listDashboardApps(auth, accountId) {
      const operation = 'listDashboardApps';
      return call(
        { operation, method: 'GET', path: `${accountPath(accountId, operation)}/dashboard_apps`, auth },
        dashboardAppSchema.array(),
      );
    },

    async createDashboardApp(auth, accountId, input) {
      const operation = 'createDashboardApp';
      return call(
        {
          operation,
          method: 'POST',
          path: `${accountPath(accountId, operation)}/dashboard_apps`,
          body: { dashboard_app: { title: input.title, content: [{ type: 'frame', url: input.url }] } },
          auth,
        },
        dashboardAppSchema,
      );
    },

    async updateDashboardApp(auth, accountId, appId, input) {
      const operation = 'updateDashboardApp';
      const id = requireId(appId, 'appId', operation);
      return call(
        {
          operation,
          method: 'PUT',
          path: `${accountPath(accountId, operation)}/dashboard_apps/${id}`,
          body: {
            dashboard_app: {
              title: input.title,
              content: input.url === undefined ? undefined : [{ type: 'frame', url: input.url }],
            },
          },
          auth,
        },
        dashboardAppSchema,
      );
    },

    async deleteDashboardApp(auth, accountId, appId) {
      const operation = 'deleteDashboardApp';
      const id = requireId(appId, 'appId', operation);
      await send({
        operation,
        method: 'DELETE',
        path: `${accountPath(accountId, operation)}/dashboard_apps/${id}`,
        auth,
      });
    },

    async listWebhooks(auth, accountId) {
      const operation = 'listWebhooks';
      const body = await call(
        { operation, method: 'GET', path: `${accountPath(accountId, operation)}/webhooks`, auth },
        webhookListSchema,
      );
      return body.payload.webhooks;
    },

    async createWebhook(auth, accountId, input) {
      const operation = 'createWebhook';
      const body = await call(
        {
          operation,
          method: 'POST',
          path: `${accountPath(accountId, operation)}/webhooks`,
          body: { webhook: webhookParams(input, operation) },
          auth,
        },
        webhookEnvelopeSchema,
      );
      return body.payload.webhook;
    },

    async updateWebhook(auth, accountId, webhookId, input) {
      const operation = 'updateWebhook';
      const id = requireId(webhookId, 'webhookId', operation);
      const body = await call(
        {
          operation,
          method: 'PUT',
          path: `${accountPath(accountId, operation)}/webhooks/${id}`,
          body: { webhook: webhookParams(input, operation) },
          auth,
        },
        webhookEnvelopeSchema,
      );
      return body.payload.webhook;
    },

    async deleteWebhook(auth, accountId, webhookId) {
      const operation = 'deleteWebhook';
      const id = requireId(webhookId, 'webhookId', operation);
      await send({
        operation,
        method: 'DELETE',
        path: `${accountPath(accountId, operation)}/webhooks/${id}`,
        auth,
      });
    },

    async createPlatformAccount(auth, input) {
      return call(
        {
          operation: 'createPlatformAccount',
          method: 'POST',
          path: '/platform/api/v1/accounts',
          body: {
            name: input.name,
            locale: input.locale,
            domain: input.domain,
            support_email: input.supportEmail,
            status: input.status,
            limits: input.limits,
            custom_attributes: input.customAttributes,
          },
          auth,
        },
        platformAccountSchema,
      );
    },

    async createPlatformUser(auth, input) {
      return call(
        {
          operation: 'createPlatformUser',
          method: 'POST',
          path: '/platform/api/v1/users',
          body: {
            name: input.name,
            email: input.email,
            password: input.password,
            display_name: input.displayName,
            custom_attributes: input.customAttributes,
          },
          secrets: input.password === undefined ? [] : [input.password],
          auth,
        },
        platformUserSchema,
      );
    },

    async createAccountUser(auth, accountId, input) {
      const operation = 'createAccountUser';
      const account = requireId(accountId, 'accountId', operation);
      return call(
        {
          operation,
          method: 'POST',
          path: `/platform/api/v1/accounts/${account}/account_users`,
          body: { user_id: requireId(input.userId, 'userId', operation), role: input.role },
          auth,
        },
        accountUserSchema,
      );
    },

    getVersion: async (options = {}) =>
      call(
        {
          operation: 'getVersion',
          method: 'GET',
          path: '/api',
          timeoutMs: options.timeoutMs,
          retries: options.retries,
        },
        versionSchema,
      ),

    close() {
      nodeTransport?.close();
    },
  };
}

function webhookParams(input: Partial<WebhookInput>, operation: string) {
  return {
    url: input.url,
    name: input.name,
    subscriptions: input.subscriptions,
    inbox_id: input.inboxId === undefined ? undefined : requireId(input.inboxId, 'inboxId', operation),
  };
}
