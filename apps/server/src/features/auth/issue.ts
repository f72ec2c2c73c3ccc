import type { Config } from '../../config';
import type { Database, Db, Tx } from '../../db/database';
import { insertRefreshToken, insertSession, touchSession } from './repo';
import {
  ACCESS_AUDIENCE,
  ACCESS_TOKEN_TTL_SECONDS,
  hashSecret,
  randomSecret,
  signAccessToken,
  signingKeys,
} from './tokens';

/** Absolute session lifetime, and how long a session may sit idle before its refresh token lapses (S-TOK-4). */
export const SESSION_ABSOLUTE_TTL_MS = 7 * 24 * 3600_000;
export const REFRESH_IDLE_TTL_MS = 24 * 3600_000;
export const REFRESH_TOKEN_PREFIX = 'whr_';

export function accessTokenFor(config: Config, userId: string, sessionId: string, now = Date.now()) {
  const iat = Math.floor(now / 1000);
  const [key] = signingKeys(config.sessionSecret);
  return signAccessToken(
    {
      iss: config.publicUrl,
      aud: ACCESS_AUDIENCE,
      sub: userId,
      sid: sessionId,
      typ: 'access',
      iat,
      exp: iat + ACCESS_TOKEN_TTL_SECONDS,
    },
    key!,
  );
}

export interface IssuedSession {
  sessionId: string;
  accessToken: string;
  refreshToken: string;
}

export async function startSession(
  database: Database,
  config: Config,
  input: {
    userId: string;
    authMethod: 'sso' | 'instance_token';
    ip: string | null;
    userAgent: string | null;
  },
): Promise<IssuedSession> {
  const now = Date.now();
  const { session, refreshToken } = await database.system.transaction(async (tx) => {
    const session = await insertSession(tx, {
      userId: input.userId,
      authMethod: input.authMethod,
      ip: input.ip,
      userAgent: input.userAgent,
      expiresAt: new Date(now + SESSION_ABSOLUTE_TTL_MS),
    });
    return { session, refreshToken: await issueRefreshToken(tx, session.id, session.expiresAt, now) };
  });
  return {
    sessionId: session.id,
    accessToken: await accessTokenFor(config, input.userId, session.id, now),
    refreshToken,
  };
}

/** A new refresh token of the session's family, never outliving the session; only its hash is stored. */
export async function issueRefreshToken(
  db: Db | Tx,
  sessionId: string,
  sessionExpiresAt: Date,
  now = Date.now(),
) {
  const token = randomSecret(REFRESH_TOKEN_PREFIX);
  const expiresAt = new Date(Math.min(now + REFRESH_IDLE_TTL_MS, sessionExpiresAt.getTime()));
  await insertRefreshToken(db, { sessionId, tokenHash: hashSecret(token), expiresAt });
  await touchSession(db, sessionId, new Date(now));
  return token;
}
