import type { FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type LoggerOptions } from 'pino';

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
    },
  };
}

/** Asynchronous stdout: synchronous writes cost about 60% of throughput on trivial routes (stack.md §6). */
export function defaultLogDestination(): DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: 4096 });
}
