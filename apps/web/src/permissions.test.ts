import { type CurrentUser, roleCan, roles } from '@whatpro/contracts';
import { describe, expect, it } from 'vitest';
import { canInstallEmbed } from './embed/AdminInstall';
import { roleIn } from './permissions';

function member(role: 'admin' | 'supervisor' | 'agent' | 'viewer', superAdmin = false): CurrentUser {
  return {
    id: '00000000-0000-4000-8000-000000000002',
    chatwoot_user_id: 2,
    name: 'Ana',
    email: 'ana@acme.test',
    avatar_url: null,
    is_super_admin: superAdmin,
    accounts: [{ account_id: 1, account_name: 'Acme', role }],
  };
}

describe('permissions in the web app', () => {
  it('takes the role a user holds in the account, super admin everywhere, none elsewhere', () => {
    expect(roleIn(member('supervisor'), 1)).toBe('supervisor');
    expect(roleIn(member('supervisor'), 2)).toBeNull();
    expect(roleIn(member('viewer', true), 2)).toBe('super_admin');
    expect(roleIn(null, 1)).toBeNull();
    expect(roleIn(member('admin'), null)).toBeNull();
  });

  it('shows the installer exactly to the roles the shared permission table grants it', () => {
    for (const role of roles) {
      const user = role === 'super_admin' ? member('viewer', true) : member(role);
      expect(canInstallEmbed(user, 1), role).toBe(roleCan(role, 'embed:install:account'));
    }
  });
});
