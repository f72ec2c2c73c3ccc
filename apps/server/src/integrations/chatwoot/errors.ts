// Every failure of a Chatwoot call surfaces as one of these, so callers branch on the class (or
// `status`) instead of parsing messages. Messages never carry credentials: they are built from the
// operation name, the HTTP status and Chatwoot's own error text, with known secrets scrubbed out.

export interface ChatwootErrorOptions {
  operation: string;
  status?: number;
  /** The `error`/`errors`/`message` text of Chatwoot's response body, already redacted. */
  chatwootMessage?: string;
  cause?: unknown;
}

export class ChatwootError extends Error {
  readonly operation: string;
  readonly status: number | undefined;
  readonly chatwootMessage: string | undefined;

  constructor(message: string, options: ChatwootErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.operation = options.operation;
    this.status = options.status;
    this.chatwootMessage = options.chatwootMessage;
  }
}

/**
 * Why Chatwoot answered 401. Chatwoot uses 401 both for a bad credential and for a valid credential
 * that may not do this (its Pundit and account checks render `render_unauthorized`), and only the
 * body tells them apart.
 */
export type UnauthorizedReason = 'invalid_credentials' | 'not_permitted' | 'account_suspended' | 'unknown';

const INVALID_CREDENTIAL_MESSAGES = [
  'Invalid Access Token',
  'Invalid access_token',
  'You need to sign in or sign up before continuing.',
  'Invalid login credentials',
];

export function unauthorizedReason(message: string | undefined): UnauthorizedReason {
  if (message === undefined) return 'unknown';
  if (INVALID_CREDENTIAL_MESSAGES.some((known) => message.startsWith(known))) return 'invalid_credentials';
  if (message === 'Account is suspended') return 'account_suspended';
  if (message.startsWith('You are not authorized') || message === 'Non permissible resource') {
    return 'not_permitted';
  }
  if (message.startsWith('Access to this endpoint is not authorized')) return 'not_permitted';
  return 'unknown';
}

/** 401: the credential was refused, or it may not reach this account/resource (see `reason`). */
export class ChatwootUnauthorizedError extends ChatwootError {
  readonly reason: UnauthorizedReason;

  /** `reason` is read from Chatwoot's message unless the client decided it without asking Chatwoot. */
  constructor(message: string, options: ChatwootErrorOptions & { reason?: UnauthorizedReason }) {
    super(message, options);
    this.reason = options.reason ?? unauthorizedReason(options.chatwootMessage);
  }
}

/** 403. */
export class ChatwootForbiddenError extends ChatwootError {}

/** 404: the record (or, on an old Chatwoot, the route) does not exist. */
export class ChatwootNotFoundError extends ChatwootError {}

/** 400, 409, 422…: Chatwoot refused the request itself (validation errors and the like). */
export class ChatwootInvalidRequestError extends ChatwootError {}

/** 429, after any retries the client was allowed to make. */
export class ChatwootRateLimitedError extends ChatwootError {
  /** How long Chatwoot asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: ChatwootErrorOptions & { retryAfterMs?: number }) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

export type UnreachableReason = 'timeout' | 'dns' | 'connect' | 'network';

/** No usable answer arrived: DNS failure, refused or reset connection, or the timeout elapsed. */
export class ChatwootUnreachableError extends ChatwootError {
  readonly reason: UnreachableReason;

  constructor(message: string, options: ChatwootErrorOptions & { reason: UnreachableReason }) {
    super(message, options);
    this.reason = options.reason;
  }
}

/** Chatwoot answered, but not with what we can use: 5xx, a redirect, non-JSON, or a shape we do not know. */
export class ChatwootBadResponseError extends ChatwootError {}

export type BlockedUrlReason = 'invalid_url' | 'protocol' | 'credentials' | 'private_address';

/** The target URL breaks the outbound-call policy (SSRF guard); nothing was sent. */
export class ChatwootBlockedUrlError extends ChatwootError {
  readonly reason: BlockedUrlReason;

  constructor(message: string, options: ChatwootErrorOptions & { reason: BlockedUrlReason }) {
    super(message, options);
    this.reason = options.reason;
  }
}

/** How the Hub answers its own caller when a Chatwoot call fails and no feature handled the failure. */
export interface ChatwootFailureAnswer {
  status: 502 | 503;
  code: 'chatwoot_bad_response' | 'chatwoot_unavailable';
  message: string;
  retryAfterSeconds?: number;
}

const CHECK_URL = 'an administrator should check that CHATWOOT_URL is the exact address of Chatwoot';

/**
 * 503 when Chatwoot could not be asked (down, slow, rate-limiting, or an address the Hub may not
 * call): trying again later can work. 502 when Chatwoot answered with something the Hub cannot use.
 * Messages name what the user or their administrator can do, never Chatwoot's own text or targets.
 */
export function chatwootFailureAnswer(error: ChatwootError): ChatwootFailureAnswer {
  const unavailable = (message: string, retryAfterSeconds?: number): ChatwootFailureAnswer => ({
    status: 503,
    code: 'chatwoot_unavailable',
    message,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
  const badResponse = (message: string): ChatwootFailureAnswer => ({
    status: 502,
    code: 'chatwoot_bad_response',
    message,
  });
  if (error instanceof ChatwootUnreachableError) {
    return unavailable(
      error.reason === 'timeout'
        ? 'Chatwoot did not answer in time; try again in a moment'
        : 'Chatwoot cannot be reached right now; try again in a moment, and if it persists ask an administrator to check that Chatwoot is running',
    );
  }
  if (error instanceof ChatwootRateLimitedError) {
    const seconds =
      error.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return unavailable(
      `Chatwoot is limiting the Hub's requests; try again in ${seconds === undefined ? 'a moment' : `${seconds} s`}`,
      seconds,
    );
  }
  if (error instanceof ChatwootBlockedUrlError) {
    return unavailable(`The Hub is not allowed to call the configured Chatwoot address; ${CHECK_URL}`);
  }
  const status = error.status;
  if (status !== undefined && status >= 300 && status < 400) {
    return badResponse(`Chatwoot answered with a redirect, which the Hub does not follow; ${CHECK_URL}`);
  }
  if (status !== undefined && status >= 500) {
    return badResponse(
      `Chatwoot failed with an internal error (HTTP ${status}); try again later, and if it persists ask an administrator to check Chatwoot`,
    );
  }
  if (error instanceof ChatwootBadResponseError) {
    return badResponse(`Chatwoot answered with something the Hub cannot read; ${CHECK_URL}`);
  }
  return badResponse(
    `Chatwoot refused a request the Hub made on your behalf${status === undefined ? '' : ` (HTTP ${status})`}; ask an administrator to check the Chatwoot connection`,
  );
}
