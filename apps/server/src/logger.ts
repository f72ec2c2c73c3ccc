import type { FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type LoggerOptions } from 'pino';
import { databaseFailureOf } from './errors';

/** Query parameters whose values must never reach a log line. */
const SENSITIVE_QUERY_KEYS = /token|key|secret|password|signature|code|session/i;

export const REDACTED = '[redacted]';

export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["api_access_token"]',
  'req.headers["access-token"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.api_access_token',
  '*.api_key',
  '*.secret',
  '*.body',
  '*.content',
];

export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  for (const key of [...params.keys()]) {
    if (SENSITIVE_QUERY_KEYS.test(key)) params.set(key, REDACTED);
  }
  return `${url.slice(0, queryStart)}?${params.toString()}`;
}

/** drizzle's wrapper, whose message, `query` and `params` hold the whole statement and every value bound to it. */
const isFailedQuery = (error: Error) => 'query' in error && 'params' in error;

function stackFrames(error: Error): string {
  return (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
}

/**
 * An error chain that went through the database, reduced to what the database said (SQLSTATE, message,
 * table, column, constraint) and the stack frames. The statement and its parameters (key hashes, tokens,
 * personal data) are never logged; neither is the error's `detail`, which quotes the offending values.
 */
function serializeDatabaseChain(error: Error, seen: Set<Error>): Record<string, unknown> {
  seen.add(error);
  const failure = databaseFailureOf(error);
  const isDatabaseError = failure !== undefined && databaseFailureOf(error.cause) === undefined;
  const serialized: Record<string, unknown> = {
    type: error.name,
    message: isFailedQuery(error) ? 'database query failed' : error.message,
    stack: stackFrames(error),
    ...(isDatabaseError ? failure : {}),
  };
  if (error.cause instanceof Error && !seen.has(error.cause)) {
    serialized.cause = serializeDatabaseChain(error.cause, seen);
  }
  return serialized;
}

function failedQueryInChain(error: Error): boolean {
  const seen = new Set<unknown>();
  for (let link: unknown = error; link instanceof Error && !seen.has(link); link = link.cause) {
    seen.add(link);
    if (isFailedQuery(link)) return true;
  }
  return databaseFailureOf(error) !== undefined;
}

export function serializeError(error: unknown): unknown {
  if (error instanceof Error && failedQueryInChain(error)) return serializeDatabaseChain(error, new Set());
  return pino.stdSerializers.err(error as Error);
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    messageKey: 'msg',
    base: { service: 'whatpro-hub' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths, censor: REDACTED },
    formatters: { level: (label) => ({ level: label }) },
    serializers: {
      req: (request: FastifyRequest) => ({ method: request.method, url: redactUrl(request.url) }),
      res: () => undefined,
      err: serializeError,
    },
  };
}

/** Asynchronous stdout: synchronous writes cost about 60% of throughput on trivial routes (stack.md §6). */
export function defaultLogDestination(): DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: 4096 });
}
