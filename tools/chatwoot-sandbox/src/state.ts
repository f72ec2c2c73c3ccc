import { randomBytes } from 'node:crypto';
import type {
  AccountRecord,
  AccountUserRecord,
  ContactRecord,
  ConversationRecord,
  InboxRecord,
  MessageRecord,
  SeedData,
  UserRecord,
} from './types.js';

/** Chatwoot's devise_token_auth lifespan (`token_lifespan = 2.months`). */
export const TOKEN_LIFESPAN_SECONDS = 60 * 24 * 60 * 60;

/** Platform SSO links are valid for five minutes (`sso_authenticatable.rb`). */
export const SSO_TOKEN_LIFESPAN_SECONDS = 5 * 60;

export interface DeviseSession {
  userId: number;
  client: string;
  accessToken: string;
  /** Unix seconds. */
  expiry: number;
}

type TableName = {
  [K in keyof SeedData]: SeedData[K] extends Array<{ id: number }> ? K : never;
}[keyof SeedData];

/** Token format of Rails' `has_secure_token` (24 base58 characters). */
export function secureToken(length = 24): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/**
 * The live installation: every table, devise sessions and SSO tokens. Tests may read `db` freely;
 * writes should go through the control API so that webhooks fire.
 */
export class SandboxState {
  db: SeedData;
  readonly sessions = new Map<string, DeviseSession>();
  readonly ssoTokens = new Map<string, { userId: number; expiresAt: number }>();
  private readonly clock: () => number;

  constructor(seed: SeedData, clock: () => number) {
    this.db = structuredClone(seed);
    this.clock = clock;
  }

  reset(seed: SeedData): void {
    this.db = structuredClone(seed);
    this.sessions.clear();
    this.ssoTokens.clear();
  }

  /** Current time in Unix seconds with milliseconds (Chatwoot renders `updated_at` as a float). */
  now(): number {
    return this.clock() / 1000;
  }

  nowSeconds(): number {
    return Math.floor(this.now());
  }

  nextId(table: TableName): number {
    const rows = this.db[table] as Array<{ id: number }>;
    return rows.reduce((max, row) => Math.max(max, row.id), 0) + 1;
  }

  nextDisplayId(accountId: number): number {
    return (
      this.db.conversations
        .filter((c) => c.account_id === accountId)
        .reduce((max, c) => Math.max(max, c.display_id), 0) + 1
    );
  }

  account(id: number): AccountRecord | undefined {
    return this.db.accounts.find((a) => a.id === id);
  }

  user(id: number): UserRecord | undefined {
    return this.db.users.find((u) => u.id === id);
  }

  userByEmail(email: string): UserRecord | undefined {
    const normalized = email.trim().toLowerCase();
    return this.db.users.find((u) => u.email.toLowerCase() === normalized);
  }

  accountUser(accountId: number, userId: number): AccountUserRecord | undefined {
    return this.db.accountUsers.find((au) => au.account_id === accountId && au.user_id === userId);
  }

  accountUsersOf(userId: number): AccountUserRecord[] {
    return this.db.accountUsers.filter((au) => au.user_id === userId);
  }

  /** Chatwoot's `active_account_user`: the membership with the latest `active_at`. */
  activeAccountUser(userId: number): AccountUserRecord | undefined {
    return [...this.accountUsersOf(userId)].sort((a, b) => (b.active_at ?? 0) - (a.active_at ?? 0))[0];
  }

  inbox(id: number): InboxRecord | undefined {
    return this.db.inboxes.find((i) => i.id === id);
  }

  contact(id: number): ContactRecord | undefined {
    return this.db.contacts.find((c) => c.id === id);
  }

  conversationByDisplayId(accountId: number, displayId: number): ConversationRecord | undefined {
    return this.db.conversations.find((c) => c.account_id === accountId && c.display_id === displayId);
  }

  conversation(id: number): ConversationRecord | undefined {
    return this.db.conversations.find((c) => c.id === id);
  }

  messagesOf(conversationId: number): MessageRecord[] {
    return this.db.messages.filter((m) => m.conversation_id === conversationId).sort((a, b) => a.id - b.id);
  }

  /** Inbox ids an account user may see: all of the account for administrators, assigned ones for agents. */
  visibleInboxIds(accountId: number, userId: number): number[] {
    const membership = this.accountUser(accountId, userId);
    const accountInboxes = this.db.inboxes.filter((i) => i.account_id === accountId).map((i) => i.id);
    if (!membership) return [];
    if (membership.role === 'administrator') return accountInboxes;
    const assigned = new Set(this.db.inboxMembers.filter((m) => m.user_id === userId).map((m) => m.inbox_id));
    return accountInboxes.filter((id) => assigned.has(id));
  }

  createSession(userId: number): DeviseSession {
    const session: DeviseSession = {
      userId,
      client: secureToken(22),
      accessToken: secureToken(22),
      expiry: this.nowSeconds() + TOKEN_LIFESPAN_SECONDS,
    };
    this.sessions.set(session.client, session);
    return session;
  }

  /** devise_token_auth's check: known client, matching token and uid, not expired. */
  findSession(accessToken: string, client: string, uid: string): DeviseSession | undefined {
    const session = this.sessions.get(client);
    if (!session || session.accessToken !== accessToken) return undefined;
    if (session.expiry <= this.nowSeconds()) return undefined;
    const user = this.user(session.userId);
    if (!user || user.email !== uid) return undefined;
    return session;
  }

  issueSsoToken(userId: number): string {
    const token = secureToken(32);
    this.ssoTokens.set(token, { userId, expiresAt: this.nowSeconds() + SSO_TOKEN_LIFESPAN_SECONDS });
    return token;
  }

  /** SSO tokens are single use. */
  consumeSsoToken(token: string, userId: number): boolean {
    const entry = this.ssoTokens.get(token);
    if (!entry || entry.userId !== userId || entry.expiresAt <= this.nowSeconds()) return false;
    this.ssoTokens.delete(token);
    return true;
  }
}
