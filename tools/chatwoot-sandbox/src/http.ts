import type { FastifyReply, FastifyRequest } from 'fastify';
import { railsJson } from './rails-json.js';

/** A response decided before the handler ran (auth failures, policy denials…), with Chatwoot's exact body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

/** `render_unauthorized(message)`: 401 `{"error": message}`. */
export const unauthorized = (message: string) => new HttpError(401, { error: message });

export const NOT_FOUND_BODY = { error: 'Resource could not be found' };

/** Rails' PublicExceptions JSON for requests that matched no route. */
export const ROUTE_NOT_FOUND_BODY = { status: 404, error: 'Not Found' };

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', status < 400 ? 'max-age=0, private, must-revalidate' : 'no-cache')
    .send(railsJson(body));
}

export function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').send(html);
}

/** Rails `params`: path, query and body merged (body wins over query, path wins over both). */
export function railsParams(req: FastifyRequest): Record<string, unknown> {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
  const path = (req.params ?? {}) as Record<string, unknown>;
  return { ...query, ...body, ...path };
}

/** A positive integer path/query parameter, or `null` when it is not one (Rails would 404 on `find`). */
export function intParam(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return null;
  const parsed = Number(value);
  return parsed > 0 && Number.isSafeInteger(parsed) ? parsed : null;
}

export function stringParam(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  if (Array.isArray(value)) return value[0];
  return value === undefined || value === '' ? undefined : value;
}
