import type { Config } from '../../apps/server/src/config';
import { type Database, openDatabase } from '../../apps/server/src/db/database';
import { accounts, accountUsers, inboxes, users } from '../../apps/server/src/db/schema';
import { startSession } from '../../apps/server/src/features/auth/issue';

/** The account the authenticated scenarios act in. */
export const BENCH_ACCOUNT_ID = 1;

export interface SeedTarget {
  databaseUrl?: string;
  dataDir?: string;
  sessionSecret: string;
  publicUrl: string;
  installation: string;
}

/**
 * Before the Hub starts: migrates, creates one account with a few inboxes and an admin, and signs the
 * admin in, returning the bearer token the authenticated scenarios send. The database is closed again
 * so the Hub (PGlite: the only process allowed on its data folder) opens it as it would in production.
 */
export async function seedAdminToken(target: SeedTarget): Promise<string> {
  const database = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir ?? '' });
  try {
    await database.migrate();
    const { system } = database;
    await system
      .insert(accounts)
      .values({ id: BENCH_ACCOUNT_ID, installation: target.installation, name: 'Bench' })
      .onConflictDoNothing();
    await system
      .insert(inboxes)
      .values(
        ['Sales', 'Support', 'WhatsApp'].map((name, index) => ({
          accountId: BENCH_ACCOUNT_ID,
          chatwootInboxId: index + 1,
          name,
          channelType: 'Channel::Api',
        })),
      )
      .onConflictDoNothing();
    const [admin] = await system
      .insert(users)
      .values({
        installation: target.installation,
        chatwootUserId: 1,
        email: 'bench-admin@example.test',
        name: 'Bench admin',
      })
      .onConflictDoUpdate({
        target: [users.installation, users.chatwootUserId],
        set: { name: 'Bench admin' },
      })
      .returning({ id: users.id });
    await system
      .insert(accountUsers)
      .values({
        accountId: BENCH_ACCOUNT_ID,
        userId: admin!.id,
        role: 'admin',
        chatwootRole: 'administrator',
      })
      .onConflictDoNothing();
    return await signIn(database, target, admin!.id);
  } finally {
    await database.close();
  }
}

async function signIn(database: Database, target: SeedTarget, userId: string): Promise<string> {
  const config = { sessionSecret: target.sessionSecret, publicUrl: target.publicUrl } as Config;
  const session = await startSession(database, config, {
    userId,
    authMethod: 'sso',
    ip: null,
    userAgent: null,
  });
  return session.accessToken;
}

/** The bearer token of another user already seeded (PostgreSQL only: the Hub may be running). */
export async function seedUserToken(target: SeedTarget, userId: string): Promise<string> {
  const database = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir ?? '' });
  try {
    return await signIn(database, target, userId);
  } finally {
    await database.close();
  }
}
