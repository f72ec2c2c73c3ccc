import { createHash, createHmac, randomBytes } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';

/**
 * Access tokens are compact JWTs signed and verified by `jose`, with HS256 only: the algorithm is pinned
 * here, never read from the token, and header fields that point at keys (`jku`, `jwk`, `x5u`, `x5c`) make
 * a token invalid (S-TOK-1). Each kind of token has its own `typ` and audience so none can stand in for
 * another (S-TOK-2).
 */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const ACCESS_AUDIENCE = 'whatpro-hub:api';
const ALGORITHM = 'HS256';

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

const derivedKeys = new Map<string, SigningKey>();

function derivedKey(secret: string): SigningKey {
  let key = derivedKeys.get(secret);
  if (!key) {
    const derived = createHmac('sha256', secret).update('whatpro-hub access token v1').digest();
    key = { id: createHash('sha256').update(derived).digest('hex').slice(0, 12), secret: derived };
    derivedKeys.set(secret, key);
  }
  return key;
}

/**
 * Keys derived from the session secret (once per secret: the guard asks on every request); `previous`
 * keeps tokens signed before a rotation valid until they expire.
 */
export function signingKeys(current: string, previous?: string): SigningKey[] {
  return [current, previous].filter((secret): secret is string => Boolean(secret)).map(derivedKey);
}

export function signAccessToken(claims: AccessClaims, key: SigningKey): Promise<string> {
  const { iss, aud, sub, iat, exp, ...custom } = claims;
  return new SignJWT(custom)
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid: key.id })
    .setIssuer(iss)
    .setAudience(aud)
    .setSubject(sub)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key.secret);
}

const MAX_TOKEN_LENGTH = 4096;
/** jose ignores these for a key we supply, but a token that names them is not one we issued. */
const FORBIDDEN_HEADER_FIELDS = ['jku', 'jwk', 'x5u', 'x5c', 'crit'];
/** How far ahead of our clock another node's `iat` may be. */
const CLOCK_SKEW_SECONDS = 60;

/**
 * Tokens that passed verification, by their exact text, with the key that signed them. A client sends the
 * same token for up to 15 minutes and jose's WebCrypto verification costs far more than the rest of an
 * authenticated request, so a hit re-checks only what changes with time or configuration (expiry, `iat`,
 * the issuer, the key still being configured). The session itself is still checked on every request.
 */
const VERIFIED_CACHE_MAX = 10_000;
const verified = new Map<string, { claims: AccessClaims; keyId: string }>();

function remember(token: string, claims: AccessClaims, keyId: string) {
  if (verified.size >= VERIFIED_CACHE_MAX) verified.delete(verified.keys().next().value as string);
  verified.set(token, { claims, keyId });
}

const timely = (claims: AccessClaims, now: number) =>
  claims.exp > now && claims.iat <= now + CLOCK_SKEW_SECONDS;

/** Returns the claims of a valid access token, or undefined for anything else — never throws on bad input. */
export async function verifyAccessToken(
  token: string,
  keys: SigningKey[],
  expected: { issuer: string; now?: number },
): Promise<AccessClaims | undefined> {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const now = expected.now ?? Math.floor(Date.now() / 1000);
  const known = verified.get(token);
  if (known) {
    const stillValid =
      timely(known.claims, now) &&
      known.claims.iss === expected.issuer &&
      keys.some((candidate) => candidate.id === known.keyId);
    return stillValid ? known.claims : undefined;
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return undefined;
  }
  if (FORBIDDEN_HEADER_FIELDS.some((field) => field in header)) return undefined;
  const key = keys.find((candidate) => candidate.id === header.kid);
  if (!key) return undefined;
  try {
    const { payload } = await jwtVerify(token, key.secret, {
      algorithms: [ALGORITHM],
      typ: 'JWT',
      issuer: expected.issuer,
      audience: ACCESS_AUDIENCE,
      currentDate: new Date(now * 1000),
      requiredClaims: ['iss', 'aud', 'sub', 'iat', 'exp'],
    });
    if (payload.typ !== 'access' || typeof payload.sid !== 'string') return undefined;
    if (typeof payload.iat !== 'number' || payload.iat > now + CLOCK_SKEW_SECONDS) return undefined;
    if (typeof payload.aud !== 'string') return undefined;
    const claims = payload as unknown as AccessClaims;
    remember(token, claims, key.id);
    return claims;
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof TypeError) return undefined;
    throw error;
  }
}

/** Opaque secrets (refresh tokens, API keys): 256 bits from the CSPRNG, with a readable prefix. */
export function randomSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Secrets this long need no slow hash (S-AK-1): SHA-256 is enough and keeps lookups indexable. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
