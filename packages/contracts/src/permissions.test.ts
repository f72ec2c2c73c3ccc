import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiKeyScopes, permissions, roleCan, rolePermissions, roleRank, roles } from './permissions';

test('the table is monotone: for every pair of roles, the higher one holds every right of the lower one', () => {
  const gaps: string[] = [];
  for (const lower of roles) {
    for (const higher of roles) {
      if (roleRank[higher] <= roleRank[lower]) continue;
      for (const permission of rolePermissions[lower]) {
        if (!roleCan(higher, permission)) gaps.push(`${higher} lacks ${permission} that ${lower} holds`);
      }
    }
  }
  assert.deepEqual(gaps, []);
});

test('roles are strictly ranked, so "ranks below" is a total order', () => {
  const ranks = roles.map((role) => roleRank[role]);
  assert.equal(new Set(ranks).size, roles.length);
});

test('audit reading (IPs, user agents, session ids) is admin-level', () => {
  const readers = roles.filter((role) => roleCan(role, 'audit_logs:read:account'));
  assert.deepEqual(readers.sort(), ['admin', 'super_admin']);
});

test('the super admin holds every permission, and every permission is known', () => {
  assert.deepEqual([...rolePermissions.super_admin].sort(), [...permissions].sort());
  for (const role of roles) {
    for (const permission of rolePermissions[role]) assert.ok(permissions.includes(permission), permission);
  }
});

test('global permissions belong to the super admin alone', () => {
  for (const permission of permissions.filter((p) => p.endsWith(':global'))) {
    assert.deepEqual(
      roles.filter((role) => roleCan(role, permission)),
      ['super_admin'],
    );
  }
});

test('API key scopes are account-level reads only', () => {
  for (const scope of apiKeyScopes) {
    assert.match(scope, /^[a-z_]+:read:account$/);
    assert.ok(roleCan('viewer', scope), `${scope} is something the lowest role may do`);
  }
});
