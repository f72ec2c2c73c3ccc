/**
 * The one permission table. A permission is `resource:action:scope`; roles get nothing they are not
 * listed for (deny by default). The server checks routes against it; the web app reads it to hide what
 * a role cannot do.
 */
export const accountRoles = ['admin', 'supervisor', 'agent', 'viewer'] as const;
export type AccountRole = (typeof accountRoles)[number];
export const roles = ['super_admin', ...accountRoles] as const;
export type Role = (typeof roles)[number];

/** Higher outranks lower: nobody grants a role above their own. */
export const roleRank: Record<Role, number> = {
  viewer: 1,
  agent: 2,
  supervisor: 3,
  admin: 4,
  super_admin: 5,
};

export const permissions = [
  'account:read:account',
  'inboxes:read:account',
  'conversations:read:account',
  'members:read:account',
  'teams:read:account',
  'members:update_role:account',
  'sessions:revoke:account',
  'api_keys:manage:account',
  'audit_logs:read:account',
  'embed:install:account',
  'chatwoot:manage:account',
  'webhooks:manage:account',
  'chat:read:account',
  'chat:write:account',
  'chat:manage:account',
  'chat:purge:account',
  'boards:read:account',
  'cards:write:account',
  'boards:manage:account',
  'accounts:read:global',
] as const;
export type Permission = (typeof permissions)[number];

/**
 * Each role holds every right of the roles it outranks, built up rank by rank, so a higher role never
 * lacks a right of a lower one and granting a lower role never hands out a right the granter lacks.
 * Audit rows carry IPs, user agents and session ids: reading them is admin-level.
 */
const viewerPermissions: readonly Permission[] = [
  'account:read:account',
  'inboxes:read:account',
  // The route gate only: which conversations a user sees follows Chatwoot's inbox membership (policies).
  'conversations:read:account',
  'members:read:account',
  'teams:read:account',
  // Viewers follow the team chat (read, mark read, mute) but do not post.
  'chat:read:account',
  // The route gate only: which cards a user sees follows the card's conversation inbox (policies).
  'boards:read:account',
];
const agentPermissions: readonly Permission[] = [
  ...viewerPermissions,
  'chat:write:account',
  // Create, edit, move and archive cards; boards and stages are managed from supervisor up.
  'cards:write:account',
];
const supervisorPermissions: readonly Permission[] = [
  ...agentPermissions,
  'members:update_role:account',
  // Team rooms and announcements.
  'chat:manage:account',
  'boards:manage:account',
];
const adminPermissions: readonly Permission[] = [
  ...supervisorPermissions,
  // Chat retention and purges destroy history for everyone: admin-level.
  'chat:purge:account',
  'sessions:revoke:account',
  'api_keys:manage:account',
  'audit_logs:read:account',
  'embed:install:account',
  'chatwoot:manage:account',
  'webhooks:manage:account',
];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  viewer: viewerPermissions,
  agent: agentPermissions,
  supervisor: supervisorPermissions,
  admin: adminPermissions,
  super_admin: [...permissions],
};

/** What an API key may be granted: reading integration data, never managing people or keys. */
export const apiKeyScopes = [
  'account:read:account',
  'inboxes:read:account',
  'members:read:account',
  'teams:read:account',
] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export function roleCan(role: Role, permission: Permission): boolean {
  return rolePermissions[role].includes(permission);
}
