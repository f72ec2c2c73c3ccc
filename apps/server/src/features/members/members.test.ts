import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { AccountRole } from '@whatpro/contracts';
import { and, eq } from 'drizzle-orm';
import { accountUsers, auditLogs, refreshTokens, sessions } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, createUser, type TestTenant, type TestUser } from '../../test/factories';
import { startSession } from '../auth/issue';

describe('Members', () => {
  let t: TestApp;
  let acme: TestTenant;
  let beta: TestTenant;
  before(async () => {
    t = await createTestApp();
    acme = await createTenant(t.app, 'Acme');
    beta = await createTenant(t.app, 'Beta');
  });
  after(() => t.close());

  const url = (accountId: number, suffix = '') => `/api/v1/accounts/${accountId}/members${suffix}`;
  const list = (accountId: number, headers?: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: url(accountId), ...(headers ? { headers } : {}) });
  const patch = (
    accountId: number,
    userId: string,
    headers: Record<string, string> | undefined,
    payload: object,
  ) =>
    t.app.inject({
      method: 'PATCH',
      url: url(accountId, `/${userId}`),
      ...(headers ? { headers } : {}),
      payload,
    });
  const endSessions = (accountId: number, userId: string, headers?: Record<string, string>) =>
    t.app.inject({
      method: 'DELETE',
      url: url(accountId, `/${userId}/sessions`),
      ...(headers ? { headers } : {}),
    });
  const roleOf = async (accountId: number, userId: string) => {
    const [row] = await t.app.deps.database.system
      .select({ role: accountUsers.role, roleSource: accountUsers.roleSource })
      .from(accountUsers)
      .where(and(eq(accountUsers.accountId, accountId), eq(accountUsers.userId, userId)));
    return row;
  };
  const auditOf = (action: string, resourceId: string) =>
    t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, action), eq(auditLogs.resourceId, resourceId)));
  /** Pins why a change was refused, so a test cannot pass on a different rule than the one it names. */
  const assertRefused = (
    response: { statusCode: number; json(): { error: { message: string } } },
    why: RegExp,
  ) => {
    assert.equal(response.statusCode, 403);
    assert.match(response.json().error.message, why);
  };
  const OWN = /own role/;
  const OUTRANKED = /ranking below you/;
  const TOO_HIGH = /cannot grant/;
  const apiKey = async (tenant: TestTenant, scopes: string[]) => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${tenant.accountId}/api-keys`,
      headers: tenant.users.admin.headers,
      payload: { name: 'members test', scopes },
    });
    assert.equal(response.statusCode, 201, response.body);
    return { authorization: `Bearer ${response.json().key}` };
  };

  describe('GET /accounts/:accountId/members', () => {
    test("every role reads the account's members, schema-filtered", async () => {
      for (const role of ['admin', 'supervisor', 'agent', 'viewer'] as const) {
        const response = await list(acme.accountId, acme.users[role].headers);
        assert.equal(response.statusCode, 200, role);
        const { members } = response.json();
        assert.equal(members.length, 4);
        const byId = new Map(members.map((m: { user_id: string }) => [m.user_id, m]));
        for (const memberRole of ['admin', 'supervisor', 'agent', 'viewer'] as const) {
          assert.equal(
            (byId.get(acme.users[memberRole].id) as { role: string } | undefined)?.role,
            memberRole,
          );
        }
      }
      const [member] = (await list(acme.accountId, acme.users.viewer.headers)).json().members;
      assert.deepEqual(Object.keys(member).sort(), [
        'chatwoot_role',
        'chatwoot_user_id',
        'email',
        'name',
        'role',
        'role_source',
        'status',
        'user_id',
      ]);
    });

    test('401 without a token; 403 for an API key without the scope; a scoped key reads', async () => {
      assert.equal((await list(acme.accountId)).statusCode, 401);
      assert.equal(
        (await list(acme.accountId, await apiKey(acme, ['inboxes:read:account']))).statusCode,
        403,
      );
      const scoped = await list(acme.accountId, await apiKey(acme, ['members:read:account']));
      assert.equal(scoped.statusCode, 200);
      assert.equal(scoped.json().members.length, 4);
    });

    test("another tenant's admin gets 404 and sees none of this account's members", async () => {
      const response = await list(acme.accountId, beta.users.admin.headers);
      assert.equal(response.statusCode, 404);
      assert.ok(!response.body.includes(acme.users.admin.id));
      const own = (await list(beta.accountId, beta.users.admin.headers)).json().members;
      assert.ok(own.every((m: { user_id: string }) => m.user_id !== acme.users.admin.id));
    });
  });

  describe('PATCH /accounts/:accountId/members/:userId', () => {
    test('401 without a token; 400 for bad bodies and ids; 403 for roles without the permission', async () => {
      const target = acme.users.agent.id;
      assert.equal((await patch(acme.accountId, target, undefined, { role: 'viewer' })).statusCode, 401);
      for (const payload of [
        {},
        { role: 'super_admin' },
        { role: 'owner' },
        { role: 'agent', account_id: 5 },
        { role: 'agent', is_super_admin: true },
        { role: 'agent', user_id: acme.users.admin.id },
      ]) {
        const response = await patch(acme.accountId, target, acme.users.admin.headers, payload);
        assert.equal(response.statusCode, 400, JSON.stringify(payload));
      }
      const badId = await patch(acme.accountId, 'not-a-uuid', acme.users.admin.headers, { role: 'viewer' });
      assert.equal(badId.statusCode, 400);
      for (const role of ['agent', 'viewer'] as const) {
        const response = await patch(acme.accountId, acme.users.viewer.id, acme.users[role].headers, {
          role: 'agent',
        });
        assert.equal(response.statusCode, 403, role);
      }
      assert.deepEqual(await roleOf(acme.accountId, target), { role: 'agent', roleSource: 'chatwoot' });
      assert.equal((await auditOf('member.role_changed', target)).length, 0);
    });

    test("404 for another tenant's account, for its members from one's own account, and for unknown ids", async () => {
      const target = acme.users.agent.id;
      const foreignAccount = await patch(acme.accountId, target, beta.users.admin.headers, {
        role: 'viewer',
      });
      assert.equal(foreignAccount.statusCode, 404);
      const foreignMember = await patch(beta.accountId, target, beta.users.admin.headers, { role: 'viewer' });
      assert.equal(foreignMember.statusCode, 404);
      const unknown = await patch(beta.accountId, randomUUID(), beta.users.admin.headers, { role: 'viewer' });
      assert.equal(unknown.statusCode, 404);
      assert.deepEqual(await roleOf(acme.accountId, target), { role: 'agent', roleSource: 'chatwoot' });
    });

    test('S-AZ-4: an admin changes agents, supervisors and viewers to roles below admin; audited with old/new', async () => {
      const tenant = await createTenant(t.app, 'Admin rules');
      const { admin, agent, supervisor, viewer } = tenant.users;
      const response = await patch(tenant.accountId, agent.id, admin.headers, { role: 'supervisor' });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().user_id, agent.id);
      assert.equal(response.json().role, 'supervisor');
      assert.equal(response.json().role_source, 'hub');
      assert.equal(response.json().chatwoot_role, 'agent');
      assert.deepEqual(await roleOf(tenant.accountId, agent.id), { role: 'supervisor', roleSource: 'hub' });
      const [audit] = await auditOf('member.role_changed', agent.id);
      assert.equal(audit?.accountId, tenant.accountId);
      assert.equal(audit?.actorType, 'user');
      assert.equal(audit?.actorId, admin.id);
      assert.equal(audit?.resourceType, 'member');
      assert.deepEqual(audit?.oldValues, { role: 'agent', role_source: 'chatwoot' });
      assert.deepEqual(audit?.newValues, { role: 'supervisor', role_source: 'hub' });

      for (const [target, role] of [
        [supervisor, 'viewer'],
        [viewer, 'agent'],
      ] as const) {
        const changed = await patch(tenant.accountId, target.id, admin.headers, { role });
        assert.equal(changed.statusCode, 200, changed.body);
        assert.equal((await roleOf(tenant.accountId, target.id))?.role, role);
      }
    });

    test('S-AZ-4: an admin cannot grant admin, change another admin, or change their own role', async () => {
      const tenant = await createTenant(t.app, 'Admin limits');
      const { admin, agent } = tenant.users;
      const otherAdmin = await createUser(t.app, { accountId: tenant.accountId, role: 'admin' });
      const refusals: [TestUser, AccountRole, RegExp][] = [
        [agent, 'admin', TOO_HIGH],
        [otherAdmin, 'agent', OUTRANKED],
        [admin, 'agent', OWN],
      ];
      for (const [target, role, why] of refusals) {
        assertRefused(await patch(tenant.accountId, target.id, admin.headers, { role }), why);
      }
      assert.equal((await roleOf(tenant.accountId, agent.id))?.role, 'agent');
      assert.equal((await roleOf(tenant.accountId, otherAdmin.id))?.role, 'admin');
      assert.equal((await roleOf(tenant.accountId, admin.id))?.role, 'admin');
      for (const target of [agent, otherAdmin, admin]) {
        assert.equal((await auditOf('member.role_changed', target.id)).length, 0);
      }
    });

    test('S-AZ-4: a supervisor moves agents and viewers between agent and viewer, and nothing else', async () => {
      const tenant = await createTenant(t.app, 'Supervisor rules');
      const { admin, supervisor, agent, viewer } = tenant.users;
      const otherSupervisor = await createUser(t.app, { accountId: tenant.accountId, role: 'supervisor' });
      const demoted = await patch(tenant.accountId, agent.id, supervisor.headers, { role: 'viewer' });
      assert.equal(demoted.statusCode, 200, demoted.body);
      const promoted = await patch(tenant.accountId, viewer.id, supervisor.headers, { role: 'agent' });
      assert.equal(promoted.statusCode, 200, promoted.body);
      assert.equal((await roleOf(tenant.accountId, agent.id))?.role, 'viewer');
      assert.equal((await roleOf(tenant.accountId, viewer.id))?.role, 'agent');

      const refusals: [TestUser, AccountRole, RegExp][] = [
        [viewer, 'supervisor', TOO_HIGH],
        [viewer, 'admin', TOO_HIGH],
        [admin, 'agent', OUTRANKED],
        [otherSupervisor, 'agent', OUTRANKED],
        [supervisor, 'agent', OWN],
      ];
      for (const [target, role, why] of refusals) {
        assertRefused(await patch(tenant.accountId, target.id, supervisor.headers, { role }), why);
      }
      assert.equal((await roleOf(tenant.accountId, viewer.id))?.role, 'agent');
      assert.equal((await roleOf(tenant.accountId, admin.id))?.role, 'admin');
      assert.equal((await roleOf(tenant.accountId, otherSupervisor.id))?.role, 'supervisor');
      assert.equal((await roleOf(tenant.accountId, supervisor.id))?.role, 'supervisor');
    });

    test('S-AZ-4: the super admin sets any account role, admin included, but not their own; tenant admins cannot demote them', async () => {
      const tenant = await createTenant(t.app, 'Operator');
      const operator = await createUser(t.app, { superAdmin: true });
      const promoted = await patch(tenant.accountId, tenant.users.agent.id, operator.headers, {
        role: 'admin',
      });
      assert.equal(promoted.statusCode, 200, promoted.body);
      assert.deepEqual(await roleOf(tenant.accountId, tenant.users.agent.id), {
        role: 'admin',
        roleSource: 'hub',
      });
      const granted = await patch(tenant.accountId, tenant.users.viewer.id, operator.headers, {
        role: 'super_admin',
      });
      assert.equal(granted.statusCode, 400);

      const memberOperator = await createUser(t.app, {
        accountId: tenant.accountId,
        role: 'admin',
        superAdmin: true,
      });
      assertRefused(
        await patch(tenant.accountId, memberOperator.id, memberOperator.headers, { role: 'agent' }),
        OWN,
      );
      assert.equal((await roleOf(tenant.accountId, memberOperator.id))?.role, 'admin');
      const asMember = await patch(tenant.accountId, tenant.users.admin.id, memberOperator.headers, {
        role: 'supervisor',
      });
      assert.equal(
        asMember.statusCode,
        200,
        'an operator who is also an admin member still acts as operator',
      );
      const operatorAsAgent = await createUser(t.app, {
        accountId: tenant.accountId,
        role: 'agent',
        superAdmin: true,
      });
      assertRefused(
        await patch(tenant.accountId, operatorAsAgent.id, tenant.users.admin.headers, { role: 'viewer' }),
        OUTRANKED,
      );
      assert.equal((await roleOf(tenant.accountId, operatorAsAgent.id))?.role, 'agent');
    });

    test("S-AZ-4: a role change applies to the member's very next request", async () => {
      const tenant = await createTenant(t.app, 'Immediate');
      const operator = await createUser(t.app, { superAdmin: true });
      const { admin } = tenant.users;
      const adminOnly = () =>
        t.app.inject({
          method: 'GET',
          url: `/api/v1/accounts/${tenant.accountId}/api-keys`,
          headers: admin.headers,
        });
      assert.equal((await adminOnly()).statusCode, 200);
      const demoted = await patch(tenant.accountId, admin.id, operator.headers, { role: 'agent' });
      assert.equal(demoted.statusCode, 200, demoted.body);
      assert.equal((await adminOnly()).statusCode, 403);
      const escalation = await patch(tenant.accountId, tenant.users.viewer.id, admin.headers, {
        role: 'agent',
      });
      assert.equal(escalation.statusCode, 403);
      const [audit] = await auditOf('member.role_changed', admin.id);
      assert.equal(audit?.actorId, operator.id);
      assert.deepEqual(audit?.oldValues, { role: 'admin', role_source: 'chatwoot' });
      assert.deepEqual(audit?.newValues, { role: 'agent', role_source: 'hub' });
    });
  });

  describe('DELETE /accounts/:accountId/members/:userId/sessions', () => {
    test('401 without a token; 400 for a bad id; 403 for roles below admin', async () => {
      const target = acme.users.agent.id;
      assert.equal((await endSessions(acme.accountId, target)).statusCode, 401);
      assert.equal((await endSessions(acme.accountId, 'nope', acme.users.admin.headers)).statusCode, 400);
      for (const role of ['supervisor', 'agent', 'viewer'] as const) {
        assert.equal(
          (await endSessions(acme.accountId, target, acme.users[role].headers)).statusCode,
          403,
          role,
        );
      }
      assert.equal((await list(acme.accountId, acme.users.agent.headers)).statusCode, 200);
    });

    test("404 for another tenant's account, for its members from one's own account, and for unknown ids", async () => {
      const target = acme.users.agent.id;
      assert.equal((await endSessions(acme.accountId, target, beta.users.admin.headers)).statusCode, 404);
      assert.equal((await endSessions(beta.accountId, target, beta.users.admin.headers)).statusCode, 404);
      assert.equal(
        (await endSessions(beta.accountId, randomUUID(), beta.users.admin.headers)).statusCode,
        404,
      );
      assert.equal((await list(acme.accountId, acme.users.agent.headers)).statusCode, 200);
      assert.equal((await auditOf('member.sessions_revoked', target)).length, 0);
    });

    test('S-LO-2: an admin ends every session of a member; their tokens stop working at once; audited', async () => {
      const tenant = await createTenant(t.app, 'Sessions');
      const { admin, agent } = tenant.users;
      const second = await startSession(t.app.deps.database, t.app.deps.config, {
        userId: agent.id,
        authMethod: 'sso',
        ip: null,
        userAgent: null,
      });
      assert.equal((await list(tenant.accountId, agent.headers)).statusCode, 200);
      const response = await endSessions(tenant.accountId, agent.id, admin.headers);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { ended: 2 });
      assert.equal((await list(tenant.accountId, agent.headers)).statusCode, 401);
      const secondHeaders = { authorization: `Bearer ${second.accessToken}` };
      assert.equal((await list(tenant.accountId, secondHeaders)).statusCode, 401);

      const rows = await t.app.deps.database.system
        .select()
        .from(sessions)
        .where(eq(sessions.userId, agent.id));
      assert.equal(rows.length, 2);
      assert.ok(rows.every((row) => row.revokedAt !== null && row.revokedReason === 'ended_by_admin'));
      const tokens = await t.app.deps.database.system
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.sessionId, second.sessionId));
      assert.ok(tokens.length > 0 && tokens.every((token) => token.revokedAt !== null));

      const [audit] = await auditOf('member.sessions_revoked', agent.id);
      assert.equal(audit?.accountId, tenant.accountId);
      assert.equal(audit?.actorId, admin.id);
      assert.equal(audit?.newValues?.count, 2);

      const again = await endSessions(tenant.accountId, agent.id, admin.headers);
      assert.deepEqual(again.json(), { ended: 0 });
      assert.equal(
        (await list(tenant.accountId, admin.headers)).statusCode,
        200,
        "the admin's own session lives",
      );
    });

    test("an account admin cannot end the installation operator's sessions (signed out of every tenant)", async () => {
      const tenant = await createTenant(t.app, 'Operator sessions');
      const operator = await createUser(t.app, {
        accountId: tenant.accountId,
        role: 'agent',
        superAdmin: true,
      });
      const response = await endSessions(tenant.accountId, operator.id, tenant.users.admin.headers);
      assertRefused(response, /operator/);
      assert.equal((await list(tenant.accountId, operator.headers)).statusCode, 200, 'still signed in');
      const [row] = await t.app.deps.database.system
        .select()
        .from(sessions)
        .where(eq(sessions.id, operator.sessionId));
      assert.equal(row?.revokedAt, null);
      assert.equal((await auditOf('member.sessions_revoked', operator.id)).length, 0);
    });

    test('an admin of one account cannot sign a member of another account out of it by sharing a seat', async () => {
      const home = await createTenant(t.app, 'Home');
      const seat = await createTenant(t.app, 'Seat');
      const shared = home.users.admin;
      await t.app.deps.database.system.insert(accountUsers).values({
        accountId: seat.accountId,
        userId: shared.id,
        role: 'agent',
        chatwootRole: 'agent',
      });
      const response = await endSessions(seat.accountId, shared.id, seat.users.admin.headers);
      assertRefused(response, /every account they belong to/);
      assert.equal((await list(home.accountId, shared.headers)).statusCode, 200, 'still signed in at home');
      const [row] = await t.app.deps.database.system
        .select()
        .from(sessions)
        .where(eq(sessions.id, shared.sessionId));
      assert.equal(row?.revokedAt, null);
      assert.equal((await auditOf('member.sessions_revoked', shared.id)).length, 0);
    });

    test('an admin of every account a member belongs to ends their sessions; a peer admin is out of reach', async () => {
      const first = await createTenant(t.app, 'First');
      const second = await createTenant(t.app, 'Second');
      const { admin } = first.users;
      const agent = await createUser(t.app, { accountId: first.accountId, role: 'agent' });
      await t.app.deps.database.system.insert(accountUsers).values([
        { accountId: second.accountId, userId: agent.id, role: 'viewer', chatwootRole: 'agent' },
        { accountId: second.accountId, userId: admin.id, role: 'admin', chatwootRole: 'administrator' },
      ]);
      const ended = await endSessions(second.accountId, agent.id, admin.headers);
      assert.equal(ended.statusCode, 200, ended.body);
      assert.deepEqual(ended.json(), { ended: 1 });
      assert.equal((await list(first.accountId, agent.headers)).statusCode, 401);
      const [audit] = await auditOf('member.sessions_revoked', agent.id);
      assert.equal(audit?.accountId, second.accountId);
      assert.deepEqual(audit?.newValues, { count: 1, session_ids: [agent.sessionId] });

      const peer = await createUser(t.app, { accountId: first.accountId, role: 'admin' });
      assertRefused(await endSessions(first.accountId, peer.id, admin.headers), /ranking below you/);
      assert.equal((await list(first.accountId, peer.headers)).statusCode, 200);
    });

    test('the installation operator ends the sessions of any member', async () => {
      const tenant = await createTenant(t.app, 'Operator ends');
      const operator = await createUser(t.app, { superAdmin: true });
      const response = await endSessions(tenant.accountId, tenant.users.admin.id, operator.headers);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { ended: 1 });
      assert.equal((await list(tenant.accountId, tenant.users.admin.headers)).statusCode, 401);
    });

    test('an admin may end their own sessions through this route', async () => {
      const tenant = await createTenant(t.app, 'Own sessions');
      const { admin } = tenant.users;
      const response = await endSessions(tenant.accountId, admin.id, admin.headers);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { ended: 1 });
      assert.equal((await list(tenant.accountId, admin.headers)).statusCode, 401);
      assert.equal((await auditOf('member.sessions_revoked', admin.id)).length, 1);
    });
  });
});
