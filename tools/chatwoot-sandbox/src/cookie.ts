import type { CookieEncoding } from './config.js';

export const SESSION_COOKIE = 'cw_d_session_info';

const DEVISE_KEYS = ['access-token', 'token-type', 'client', 'expiry', 'uid'] as const;

/** Characters js-cookie v3 writes back literally after percent-encoding a cookie value. */
const JS_COOKIE_LITERALS = new Set('#$&+/:<=>?@[]^`{|}');

/** js-cookie v3's value encoding: `encodeURIComponent`, except for the readable characters above. */
export function jsCookieEncode(value: string): string {
  return encodeURIComponent(value).replace(/%([0-7][0-9A-F])/g, (sequence, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return JS_COOKIE_LITERALS.has(char) ? char : sequence;
  });
}

function deviseOnly(headers: Record<string, string>): Record<string, string> {
  const minimal: Record<string, string> = {};
  for (const key of DEVISE_KEYS) if (headers[key] !== undefined) minimal[key] = headers[key];
  return minimal;
}

/**
 * The cookie value for a set of `POST /auth/sign_in` response headers (lower-case keys). js-cookie
 * keeps every header; the MFA path keeps the five devise ones. `raw` keeps only those too, because
 * other headers (`content-type: …; charset=utf-8`) contain `;`, which would end an unencoded cookie.
 */
export function encodeSessionCookie(headers: Record<string, string>, encoding: CookieEncoding): string {
  switch (encoding) {
    case 'js-cookie':
      return jsCookieEncode(JSON.stringify(headers));
    case 'uri':
      return encodeURIComponent(JSON.stringify(deviseOnly(headers)));
    case 'raw':
      return JSON.stringify(deviseOnly(headers));
  }
}

/** What a reader such as the Dashboard Script must do: URI-decode, then parse. */
export function decodeSessionCookie(value: string): Record<string, string> {
  return JSON.parse(decodeURIComponent(value)) as Record<string, string>;
}

/** A `Set-Cookie` value matching what the browser code writes (path `/`, `SameSite=Lax`, not HttpOnly). */
export function sessionSetCookie(value: string, expiry: number | null): string {
  const expires = expiry === null ? '' : `; expires=${new Date(expiry * 1000).toUTCString()}`;
  return `${SESSION_COOKIE}=${value}; path=/${expires}; SameSite=Lax`;
}
