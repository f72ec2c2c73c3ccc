import { eq } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Database } from '../../db/database';
import { refreshTokens, sessions } from '../../db/schema';
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

export function accessTokenFor(config: Config, userId: string, sessionId: string, now = Date.now()): string {
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
  const [session] = await database.system
    .insert(sessions)
    .values({
      userId: input.userId,
      authMethod: input.authMethod,
      ip: input.ip,
      userAgent: input.userAgent,
      expiresAt: new Date(now + SESSION_ABSOLUTE_TTL_MS),
    })
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
  const refreshToken = await issueRefreshToken(database, session!.id, session!.expiresAt, now);
  return {
    sessionId: session!.id,
    accessToken: accessTokenFor(config, input.userId, session!.id, now),
    refreshToken,
  };
}

export async function issueRefreshToken(
  database: Database,
  sessionId: string,
  sessionExpiresAt: Date,
  now = Date.now(),
) {
  const token = randomSecret(REFRESH_TOKEN_PREFIX);
  const expiresAt = new Date(Math.min(now + REFRESH_IDLE_TTL_MS, sessionExpiresAt.getTime()));
  await database.system.insert(refreshTokens).values({ sessionId, tokenHash: hashSecret(token), expiresAt });
  await database.system
    .update(sessions)
    .set({ lastSeenAt: new Date(now) })
    .where(eq(sessions.id, sessionId));
  return token;
}
