import type { Permission, Role } from '@whatpro/contracts';

/** Who is acting. A user acts through a session; an API key acts for its account only, never as a user. */
export type Actor =
  | {
      type: 'user';
      userId: string;
      sessionId: string;
      isSuperAdmin: boolean;
      /** When the access token that authenticated this request expires (ms); sockets close then. */
      accessExpiresAt?: number;
      /** Set on account-scoped routes once membership is checked. */
      accountId?: number;
      role?: Role;
    }
  | { type: 'api_key'; keyId: string; accountId: number; scopes: readonly Permission[] }
  | { type: 'system'; name: string };

/** What a route requires: a permission from the table, any signed-in user, or nothing. */
export type RouteAccess = Permission | 'authenticated' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor?: Actor;
  }
}
