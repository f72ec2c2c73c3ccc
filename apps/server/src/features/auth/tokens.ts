import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Access tokens are compact JWTs signed with HS256 only: the algorithm is pinned here, never read from
 * the token, and header fields that point at keys (`jku`, `jwk`, `x5u`, `x5c`) make a token invalid
 * (S-TOK-1). Each kind of token has its own `typ` and audience so none can stand in for another (S-TOK-2).
 */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const ACCESS_AUDIENCE = 'whatpro-hub:api';

export interface AccessClaims {
  iss: string;
  aud: string;
  sub: string;
  sid: string;
  typ: 'access';
  iat: number;
  exp: number;
}

export interface SigningKey {
  id: string;
  secret: Buffer;
}

/** Keys derived from the session secret; `previous` keeps tokens signed before a rotation valid until they expire. */
export function signingKeys(current: string, previous?: string): SigningKey[] {
  return [current, previous]
    .filter((secret): secret is string => Boolean(secret))
    .map((secret) => {
      const derived = createHmac('sha256', secret).update('whatpro-hub access token v1').digest();
      return { id: createHash('sha256').update(derived).digest('hex').slice(0, 12), secret: derived };
    });
}

const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

export function signAccessToken(claims: AccessClaims, key: SigningKey): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: key.id }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', key.secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

const MAX_TOKEN_LENGTH = 4096;
const FORBIDDEN_HEADER_FIELDS = ['jku', 'jwk', 'x5u', 'x5c', 'crit'];

function parseJson(segment: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Returns the claims of a valid access token, or undefined for anything else — never throws on bad input. */
export function verifyAccessToken(
  token: string,
  keys: SigningKey[],
  expected: { issuer: string; now?: number },
): AccessClaims | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = parseJson(headerPart);
  if (header?.alg !== 'HS256' || header.typ !== 'JWT') return undefined;
  if (FORBIDDEN_HEADER_FIELDS.some((field) => field in header)) return undefined;
  const key = keys.find((candidate) => candidate.id === header.kid);
  if (!key) return undefined;
  const expectedSignature = createHmac('sha256', key.secret).update(`${headerPart}.${payloadPart}`).digest();
  const signature = Buffer.from(signaturePart, 'base64url');
  if (signature.length !== expectedSignature.length || !timingSafeEqual(signature, expectedSignature))
    return undefined;
  const claims = parseJson(payloadPart);
  if (!claims) return undefined;
  const now = expected.now ?? Math.floor(Date.now() / 1000);
  if (claims.typ !== 'access' || claims.aud !== ACCESS_AUDIENCE || claims.iss !== expected.issuer)
    return undefined;
  if (typeof claims.exp !== 'number' || claims.exp <= now) return undefined;
  if (typeof claims.iat !== 'number' || claims.iat > now + 60) return undefined;
  if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return undefined;
  return claims as unknown as AccessClaims;
}

/** Opaque secrets (refresh tokens, API keys): 256 bits from the CSPRNG, with a readable prefix. */
export function randomSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Secrets this long need no slow hash (S-AK-1): SHA-256 is enough and keeps lookups indexable. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
