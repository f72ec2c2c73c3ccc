import { randomInt } from 'node:crypto';
import type { AccountRole } from '@whatpro/contracts';
import type { FastifyInstance } from 'fastify';
import { accounts, accountUsers, users } from '../db/schema';
import { startSession } from '../features/auth/issue';

export interface TestUser {
  id: string;
  chatwootUserId: number;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  headers: { authorization: string };
}

export interface TestTenant {
  accountId: number;
  users: Record<AccountRole, TestUser>;
}

/** A tenant of its own: an account with one signed-in user per role, and a super admin of the installation. */
export async function createTenant(
  app: FastifyInstance,
  name = 'Tenant',
  accountId = randomInt(1_000, 2_000_000_000),
  /** Chatwoot user ids to use per role, when the tenant mirrors a real (sandbox) Chatwoot account. */
  chatwootUserIds: Partial<Record<AccountRole, number>> = {},
): Promise<TestTenant> {
  const { database, config } = app.deps;
  const installation = config.chatwootUrl ?? 'https://chat.test';
  await database.system
    .insert(accounts)
    .values({ id: accountId, installation, name: `${name} ${accountId}` });
  const roles: AccountRole[] = ['admin', 'supervisor', 'agent', 'viewer'];
  const entries = await Promise.all(
    roles.map(
      async (role) =>
        [role, await createUser(app, { accountId, role, chatwootUserId: chatwootUserIds[role] })] as const,
    ),
  );
  return { accountId, users: Object.fromEntries(entries) as Record<AccountRole, TestUser> };
}

export async function createUser(
  app: FastifyInstance,
  options: { accountId?: number; role?: AccountRole; superAdmin?: boolean; chatwootUserId?: number } = {},
): Promise<TestUser> {
  const { database, config } = app.deps;
  const chatwootUserId = options.chatwootUserId ?? randomInt(1, 2_000_000_000);
  const [user] = await database.system
    .insert(users)
    .values({
      installation: config.chatwootUrl ?? 'https://chat.test',
      chatwootUserId,
      email: `user${chatwootUserId}@example.test`,
      name: `User ${chatwootUserId}`,
      isSuperAdmin: options.superAdmin ?? false,
    })
    .returning({ id: users.id });
  if (options.accountId && options.role) {
    await database.system.insert(accountUsers).values({
      accountId: options.accountId,
      userId: user!.id,
      role: options.role,
      chatwootRole: options.role === 'admin' ? 'administrator' : 'agent',
      roleSource: options.role === 'admin' || options.role === 'agent' ? 'chatwoot' : 'hub',
    });
  }
  const session = await startSession(database, config, {
    userId: user!.id,
    authMethod: 'sso',
    ip: null,
    userAgent: null,
  });
  return {
    id: user!.id,
    chatwootUserId,
    ...session,
    headers: { authorization: `Bearer ${session.accessToken}` },
  };
}
