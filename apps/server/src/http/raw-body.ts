import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors';

/** The body of a signed request: the exact bytes received, which the signature covers, and their JSON. */
export interface SignedBody {
  bytes: Buffer;
  /** The bytes parsed as JSON once, or `undefined` when they are not JSON (`jsonError` says why). */
  json: unknown;
  jsonError: string | undefined;
}

export interface SignedBodyOptions {
  /** Content types the sender uses; `application/json` by default. */
  contentTypes?: string[];
  /** Bytes accepted (413 beyond); the server's body limit by default. */
  bodyLimit?: number;
}

/**
 * Makes the routes of one encapsulated scope (a webhook receiver) receive a `SignedBody`: an HMAC must be
 * checked over the bytes as sent, and re-serialised JSON would differ from them. JSON is parsed once,
 * with the server's prototype-poisoning protection; a body that is not JSON is refused only after the
 * signature is checked, so an unauthenticated caller learns nothing from the answer.
 */
export function acceptSignedBodies(scope: FastifyInstance, options: SignedBodyOptions = {}): void {
  const parseJson = scope.getDefaultJsonParser('error', 'error');
  scope.addContentTypeParser(
    options.contentTypes ?? ['application/json'],
    { parseAs: 'buffer', ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}) },
    (request, bytes, done) => {
      const raw = bytes as Buffer;
      parseJson(request, raw.toString('utf8'), (error, json) => {
        const body: SignedBody = error
          ? { bytes: raw, json: undefined, jsonError: error.message }
          : { bytes: raw, json, jsonError: undefined };
        done(null, body);
      });
    },
  );
}

/** The signed body of a request in a scope set up by `acceptSignedBodies` (empty when none was sent). */
export function signedBodyOf(request: FastifyRequest): SignedBody {
  const body = request.body as SignedBody | undefined;
  if (body && Buffer.isBuffer(body.bytes)) return body;
  return { bytes: Buffer.alloc(0), json: undefined, jsonError: 'The body is empty' };
}

/** The parsed JSON of a verified body; 400 when the bytes were not JSON. */
export function verifiedJson(body: SignedBody, what: string): unknown {
  if (body.jsonError !== undefined) throw new AppError(400, 'bad_request', `${what} is not JSON`);
  return body.json;
}

/** One header's value; absent or repeated headers give `undefined`, never a joined string. */
export function singleHeader(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

export interface TimestampedSignature {
  secret: string;
  /** Seconds since the epoch, as the sender's timestamp header carries it. */
  timestamp: string | undefined;
  /** `sha256=<hex>` over `<timestamp>.<exact body bytes>`. */
  signature: string | undefined;
  bytes: Buffer;
  windowSeconds: number;
  nowMs?: number;
}

/**
 * Checks the signature scheme Chatwoot and the Platform App share: HMAC-SHA256 over
 * `<timestamp>.<body bytes>`, the timestamp within a window (replays of old deliveries fail), compared in
 * constant time. The bytes are never re-encoded, so a body that differs in whitespace or escaping fails.
 */
export function timestampedSignatureValid(input: TimestampedSignature): boolean {
  const { timestamp, signature } = input;
  if (timestamp === undefined || signature === undefined || !/^\d{1,15}$/.test(timestamp)) return false;
  const ageSeconds = Math.abs((input.nowMs ?? Date.now()) / 1000 - Number(timestamp));
  if (!(ageSeconds <= input.windowSeconds)) return false;
  const match = /^sha256=([0-9a-f]{64})$/.exec(signature);
  if (!match?.[1]) return false;
  const expected = createHmac('sha256', input.secret).update(`${timestamp}.`).update(input.bytes).digest();
  return timingSafeEqual(Buffer.from(match[1], 'hex'), expected);
}
