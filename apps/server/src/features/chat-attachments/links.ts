import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived download links: `<img src>` and plain downloads cannot send the bearer token, so the link
 * itself carries who may fetch what until when, signed with a key derived from the session secret. The
 * download still checks that this user is a member of the room at that moment.
 */
export interface LinkClaims {
  accountId: number;
  attachmentId: string;
  userId: string;
  /** Unix seconds. */
  expires: number;
}

const keyFrom = (sessionSecret: string) =>
  createHmac('sha256', sessionSecret).update('whatpro-hub/chat-attachment-link/v1').digest();

function signature(key: Buffer, claims: LinkClaims): string {
  return createHmac('sha256', key)
    .update(`${claims.accountId}:${claims.attachmentId}:${claims.userId}:${claims.expires}`)
    .digest('base64url');
}

/** Under the `/api/v1` prefix. */
export const DOWNLOAD_ROUTE = '/chat/files';
export const DOWNLOAD_PATH = `/api/v1${DOWNLOAD_ROUTE}`;

export function signedDownloadUrl(
  sessionSecret: string,
  claims: Omit<LinkClaims, 'expires'>,
  ttlSeconds: number,
  now = Date.now(),
): { url: string; expiresAt: Date } {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  const full = { ...claims, expires };
  const query = new URLSearchParams({
    account: String(claims.accountId),
    user: claims.userId,
    expires: String(expires),
    signature: signature(keyFrom(sessionSecret), full),
  });
  return { url: `${DOWNLOAD_PATH}/${claims.attachmentId}?${query}`, expiresAt: new Date(expires * 1000) };
}

/** True when the link was signed by this Hub (or with the previous secret) and has not expired. */
export function verifyLink(
  secrets: (string | undefined)[],
  claims: LinkClaims,
  presented: string,
  now = Date.now(),
): boolean {
  if (claims.expires * 1000 <= now) return false;
  const given = Buffer.from(presented, 'base64url');
  return secrets.some((secret) => {
    if (!secret) return false;
    const expected = Buffer.from(signature(keyFrom(secret), claims), 'base64url');
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
