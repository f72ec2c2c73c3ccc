import type { chatwootSessionSchema } from '@whatpro/contracts';

export type ChatwootSession = ReturnType<typeof chatwootSessionSchema.parse>;

export const SESSION_COOKIE = 'cw_d_session_info';

/** The raw value of one cookie from `document.cookie`, or null. */
export function readCookie(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(';')) {
    const trimmed = part.trim();
    if (trimmed.startsWith(`${name}=`)) return trimmed.slice(name.length + 1);
  }
  return null;
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function decoded(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function boundedString(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;
}

/**
 * Chatwoot writes `cw_d_session_info` as the JSON of the sign-in response headers: js-cookie
 * percent-encodes it (leaving `{}:` readable), the MFA path fully `encodeURIComponent`s it, and older or
 * hand-written cookies hold plain JSON. URI-decoding first covers the first two; plain JSON with a stray
 * `%` would not decode, so it is parsed as it is.
 */
export function parseSessionCookie(value: string): ChatwootSession | null {
  const uriDecoded = decoded(value);
  const headers = (uriDecoded === null ? null : parseJsonObject(uriDecoded)) ?? parseJsonObject(value);
  if (!headers) return null;
  const accessToken = boundedString(headers['access-token'], 512);
  const client = boundedString(headers.client, 512);
  const uid = boundedString(headers.uid, 320);
  if (!accessToken || !client || !uid) return null;
  return { access_token: accessToken, client, uid };
}

export function readChatwootSession(cookieHeader: string): ChatwootSession | null {
  const value = readCookie(cookieHeader, SESSION_COOKIE);
  return value === null ? null : parseSessionCookie(value);
}
