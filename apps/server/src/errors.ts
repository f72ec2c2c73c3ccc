import type { ErrorCode } from '@whatpro/contracts';

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, details?: unknown) =>
  new AppError(409, 'conflict', message, details);
export const forbidden = (message = 'You do not have permission to do this') =>
  new AppError(403, 'forbidden', message);
export const unauthorized = (message = 'Authentication required') =>
  new AppError(401, 'unauthorized', message);

export const codeForStatus: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  402: 'payment_required',
  403: 'forbidden',
  404: 'not_found',
  405: 'bad_request',
  406: 'bad_request',
  408: 'bad_request',
  409: 'conflict',
  413: 'payload_too_large',
  414: 'bad_request',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'rate_limited',
  431: 'bad_request',
  503: 'service_unavailable',
};

/** What the database said, without the statement or its parameters. */
export interface DatabaseFailure {
  sqlstate: string;
  message: string;
  severity?: string;
  table?: string;
  column?: string;
  constraint?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

function asDatabaseFailure(value: unknown): DatabaseFailure | undefined {
  if (!(value instanceof Error)) return undefined;
  const fields = value as Error &
    Partial<Record<'code' | 'severity' | 'table' | 'column' | 'constraint', unknown>>;
  if (typeof fields.code !== 'string' || !SQLSTATE.test(fields.code) || typeof fields.severity !== 'string') {
    return undefined;
  }
  const failure: DatabaseFailure = {
    sqlstate: fields.code,
    message: value.message,
    severity: fields.severity,
  };
  for (const key of ['table', 'column', 'constraint'] as const) {
    const field = fields[key];
    if (typeof field === 'string') failure[key] = field;
  }
  return failure;
}

/** The database's own error anywhere in a cause chain (drizzle wraps the driver's error in `cause`). */
export function databaseFailureOf(error: unknown): DatabaseFailure | undefined {
  const seen = new Set<unknown>();
  for (let link: unknown = error; link instanceof Error && !seen.has(link); link = link.cause) {
    seen.add(link);
    const failure = asDatabaseFailure(link);
    if (failure) return failure;
  }
  return undefined;
}

/** SQLSTATEs that only bad input causes, answered as the client's mistake rather than a 500. */
const inputFailures: Record<string, { status: number; code: ErrorCode; message: string }> = {
  '22001': { status: 400, code: 'bad_request', message: 'A value is too long' },
  '22003': { status: 400, code: 'bad_request', message: 'A number is out of range' },
  '22007': { status: 400, code: 'bad_request', message: 'A date or time has an invalid format' },
  '22008': { status: 400, code: 'bad_request', message: 'A date or time is out of range' },
  '22021': { status: 400, code: 'bad_request', message: 'A value holds characters that cannot be stored' },
  '22P02': { status: 400, code: 'bad_request', message: 'A value has an invalid format' },
  '22P05': { status: 400, code: 'bad_request', message: 'A value holds characters that cannot be stored' },
  '54000': { status: 400, code: 'bad_request', message: 'A value is too large' },
  '23503': {
    status: 409,
    code: 'conflict',
    message: 'This refers to something that does not exist, or is still referred to',
  },
  '23505': { status: 409, code: 'conflict', message: 'This already exists' },
};

/** The 4xx a database refusal deserves when the request's input caused it; undefined for real faults. */
export function inputCausedDatabaseError(error: unknown): AppError | undefined {
  const failure = databaseFailureOf(error);
  const answer = failure ? inputFailures[failure.sqlstate] : undefined;
  return answer ? new AppError(answer.status, answer.code, answer.message) : undefined;
}

/**
 * SQLSTATEs of a database that is too busy, not of a wrong request: a deadlock or serialization victim,
 * a lock or statement timeout, no connection slot left. The same request may well succeed a moment later.
 */
const overloadSqlstates = new Set(['40001', '40P01', '55P03', '57014', '53000', '53300', '57P03']);

/** What pg-pool throws when no connection frees up (or opens) within `connectionTimeoutMillis`. */
const poolTimeoutMessages = new Set([
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
]);

/** True when the database was too busy to serve the request: answered 503 with Retry-After, not 500. */
export function databaseOverloaded(error: unknown): boolean {
  const failure = databaseFailureOf(error);
  if (failure) return overloadSqlstates.has(failure.sqlstate);
  const seen = new Set<unknown>();
  for (let link: unknown = error; link instanceof Error && !seen.has(link); link = link.cause) {
    seen.add(link);
    if (poolTimeoutMessages.has(link.message)) return true;
  }
  return false;
}

/** Seconds a client waits before retrying a request the busy database turned away. */
export const DATABASE_BUSY_RETRY_SECONDS = 1;
