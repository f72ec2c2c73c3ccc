import type { CurrentUser, Role } from '@whatpro/contracts';

/**
 * The role that counts for `user` in `accountId`, to be checked with `roleCan` from the contracts (the
 * server's own permission table): an installation super admin acts as `super_admin` everywhere.
 */
export function roleIn(user: CurrentUser | null, accountId: number | null): Role | null {
  if (!user || accountId === null) return null;
  if (user.is_super_admin) return 'super_admin';
  return user.accounts.find((account) => account.account_id === accountId)?.role ?? null;
}
