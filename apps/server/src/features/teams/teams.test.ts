import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { teamMembers, teams } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, type TestTenant } from '../../test/factories';

/** A Chatwoot agent of Acme's teams who never signed in to the Hub. */
const UNSEATED_CHATWOOT_USER = 424_242;

describe('GET /accounts/:accountId/teams', () => {
  let t: TestApp;
  let acme: TestTenant;
  let beta: TestTenant;
  before(async () => {
    t = await createTestApp();
    acme = await createTenant(t.app, 'Acme');
    beta = await createTenant(t.app, 'Beta');
    // As the reconcile stores them (features/chatwoot-sync/teams.ts).
    const { system } = t.app.deps.database;
    await system.insert(teams).values([
      { accountId: acme.accountId, chatwootTeamId: 1, name: 'Vendas', description: 'Novos clientes' },
      { accountId: acme.accountId, chatwootTeamId: 2, name: 'Suporte', allowAutoAssign: false },
      { accountId: beta.accountId, chatwootTeamId: 1, name: 'Beta Vendas' },
    ]);
    await system.insert(teamMembers).values([
      { accountId: acme.accountId, chatwootTeamId: 1, chatwootUserId: acme.users.agent.chatwootUserId },
      { accountId: acme.accountId, chatwootTeamId: 1, chatwootUserId: UNSEATED_CHATWOOT_USER },
      { accountId: acme.accountId, chatwootTeamId: 2, chatwootUserId: acme.users.admin.chatwootUserId },
      // Beta's member is a user of Beta only: Acme's list must not name them.
      { accountId: beta.accountId, chatwootTeamId: 1, chatwootUserId: beta.users.agent.chatwootUserId },
    ]);
  });
  after(() => t.close());

  const list = (accountId: number | string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: `/api/v1/accounts/${accountId}/teams`, headers });

  test('every role of the account lists its teams with their members, named when they hold a seat', async () => {
    const expected = [
      {
        chatwoot_team_id: 2,
        name: 'Suporte',
        description: null,
        allow_auto_assign: false,
        members: [
          {
            chatwoot_user_id: acme.users.admin.chatwootUserId,
            user_id: acme.users.admin.id,
            name: `User ${acme.users.admin.chatwootUserId}`,
          },
        ],
      },
      {
        chatwoot_team_id: 1,
        name: 'Vendas',
        description: 'Novos clientes',
        allow_auto_assign: true,
        members: [
          {
            chatwoot_user_id: acme.users.agent.chatwootUserId,
            user_id: acme.users.agent.id,
            name: `User ${acme.users.agent.chatwootUserId}`,
          },
          { chatwoot_user_id: UNSEATED_CHATWOOT_USER, user_id: null, name: null },
        ].sort((a, b) => a.chatwoot_user_id - b.chatwoot_user_id),
      },
    ];
    for (const role of ['admin', 'supervisor', 'agent', 'viewer'] as const) {
      const response = await list(acme.accountId, acme.users[role].headers);
      assert.equal(response.statusCode, 200, role);
      const body = response.json() as { teams: (Record<string, unknown> & { synced_at: string })[] };
      assert.ok(body.teams.every((team) => !Number.isNaN(Date.parse(team.synced_at))));
      assert.deepEqual(
        body.teams.map(({ synced_at: _, ...team }) => team),
        expected,
        role,
      );
    }
  });

  test('an API key reads the teams with the teams scope and is refused without it', async () => {
    const keyWith = async (scopes: string[]) => {
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/v1/accounts/${acme.accountId}/api-keys`,
        headers: acme.users.admin.headers,
        payload: { name: scopes.join(' '), scopes },
      });
      assert.equal(created.statusCode, 201, created.body);
      return { authorization: `Bearer ${created.json().key}` };
    };
    const granted = await list(acme.accountId, await keyWith(['teams:read:account']));
    assert.equal(granted.statusCode, 200, granted.body);
    assert.deepEqual(
      granted.json().teams.map((team: { name: string }) => team.name),
      ['Suporte', 'Vendas'],
    );
    const withoutScope = await list(acme.accountId, await keyWith(['members:read:account']));
    assert.equal(withoutScope.statusCode, 403);
  });

  test('401 without credentials, 404 for another tenant and for malformed account ids', async () => {
    assert.equal((await list(acme.accountId)).statusCode, 401);
    assert.equal((await list(acme.accountId, beta.users.admin.headers)).statusCode, 404);
    for (const bad of ['abc', '0', '-1', '99999999999']) {
      assert.equal((await list(bad, acme.users.admin.headers)).statusCode, 404, bad);
    }
    const own = await list(beta.accountId, beta.users.viewer.headers);
    assert.deepEqual(
      own.json().teams.map((team: { name: string; members: unknown[] }) => [team.name, team.members.length]),
      [['Beta Vendas', 1]],
    );
  });
});
