import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLogs, chatMessages, chatRoomMembers, chatRooms, teamMembers, teams } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, type TestTenant, type TestUser } from '../../test/factories';
import { syncTeamRooms } from './service';

const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const TEAM = 5;

describe(`chat team rooms linked to Chatwoot teams (${engine})`, () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;

  before(async () => {
    t = await createTestApp();
    tenant = await createTenant(t.app, 'Acme');
    other = await createTenant(t.app, 'Other');
    const { system } = t.app.deps.database;
    await system.insert(teams).values({ accountId: tenant.accountId, chatwootTeamId: TEAM, name: 'Vendas' });
    await setTeam([tenant.users.agent, tenant.users.viewer]);
  });
  after(() => t.close());

  async function setTeam(members: TestUser[]) {
    const { system } = t.app.deps.database;
    await system
      .delete(teamMembers)
      .where(and(eq(teamMembers.accountId, tenant.accountId), eq(teamMembers.chatwootTeamId, TEAM)));
    await system.insert(teamMembers).values(
      members.map((member) => ({
        accountId: tenant.accountId,
        chatwootTeamId: TEAM,
        chatwootUserId: member.chatwootUserId,
      })),
    );
  }

  const open = (user: TestUser | undefined, teamId: number | string = TEAM, accountId = tenant.accountId) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${accountId}/chat/teams/${teamId}/room`,
      headers: user?.headers,
    });
  const teamRooms = () =>
    t.app.deps.database.system
      .select()
      .from(chatRooms)
      .where(and(eq(chatRooms.accountId, tenant.accountId), eq(chatRooms.chatwootTeamId, TEAM)));
  const membersOf = async (roomId: string) =>
    (
      await t.app.deps.database.system
        .select()
        .from(chatRoomMembers)
        .where(eq(chatRoomMembers.roomId, roomId))
    )
      .map((member) => `${member.userId}:${member.role}`)
      .sort();

  test('401 without a session, 400 for a bad team id, 403 below supervisor, 404 for a team of another tenant', async () => {
    assert.equal((await open(undefined)).statusCode, 401);
    assert.equal((await open(tenant.users.supervisor, 'x')).statusCode, 400);
    assert.equal((await open(tenant.users.agent)).statusCode, 403);
    const foreign = await open(other.users.admin, TEAM, other.accountId);
    assert.equal(foreign.statusCode, 404);
    assert.equal((await open(tenant.users.supervisor, 999)).statusCode, 404);
    assert.equal((await teamRooms()).length, 0);
  });

  test("a supervisor opens the team's room: created once with the team's members, audited", async () => {
    const response = await open(tenant.users.supervisor);
    assert.equal(response.statusCode, 200, response.body);
    const room = response.json();
    assert.equal(room.kind, 'team');
    assert.equal(room.chatwoot_team_id, TEAM);
    assert.equal(room.name, 'Vendas');
    assert.equal(room.my_role, 'owner');
    assert.deepEqual(
      await membersOf(room.id),
      [
        `${tenant.users.supervisor.id}:owner`,
        `${tenant.users.agent.id}:member`,
        `${tenant.users.viewer.id}:member`,
      ].sort(),
    );
    const [audit] = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.accountId, tenant.accountId), eq(auditLogs.resourceId, room.id)));
    assert.equal(audit?.action, 'chat.room_created');

    const again = await open(tenant.users.admin);
    assert.equal(again.json().id, room.id);
    assert.equal(again.json().my_role, 'moderator');
    assert.equal((await teamRooms()).length, 1);
  });

  test("the reconcile's sync follows the team: joiners added, leavers removed, managers kept", async () => {
    const [room] = await teamRooms();
    await setTeam([tenant.users.agent]);
    assert.equal(await syncTeamRooms(t.app.deps, tenant.accountId), 1);
    assert.deepEqual(
      await membersOf(room!.id),
      [
        `${tenant.users.supervisor.id}:owner`,
        `${tenant.users.admin.id}:moderator`,
        `${tenant.users.agent.id}:member`,
      ].sort(),
    );
    await setTeam([tenant.users.agent, tenant.users.viewer]);
    await syncTeamRooms(t.app.deps, tenant.accountId);
    assert.ok((await membersOf(room!.id)).includes(`${tenant.users.viewer.id}:member`));
    assert.equal(await syncTeamRooms(t.app.deps, other.accountId), 0, 'other tenants have no team rooms');
  });

  test('a team deleted in Chatwoot leaves its room in place, unlinked, with a system message saying so', async () => {
    const [room] = await teamRooms();
    const before = await membersOf(room!.id);
    // What the nightly reconcile does when Chatwoot no longer lists the team.
    const { system } = t.app.deps.database;
    await system
      .delete(teams)
      .where(and(eq(teams.accountId, tenant.accountId), eq(teams.chatwootTeamId, TEAM)));
    await system
      .delete(teamMembers)
      .where(and(eq(teamMembers.accountId, tenant.accountId), eq(teamMembers.chatwootTeamId, TEAM)));

    assert.equal(await syncTeamRooms(t.app.deps, tenant.accountId), 0);
    const [kept] = await system.select().from(chatRooms).where(eq(chatRooms.id, room!.id));
    assert.equal(kept?.chatwootTeamId, null, 'unlinked');
    assert.equal(kept?.archivedAt, null, 'not archived: the team may go on talking');
    assert.deepEqual(await membersOf(room!.id), before, 'nobody removed with the team');
    const notes = await system
      .select()
      .from(chatMessages)
      .where(and(eq(chatMessages.roomId, room!.id), eq(chatMessages.kind, 'system')));
    assert.equal(notes.filter((note) => note.system?.action === 'team_unlinked').length, 1);

    const view = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${tenant.accountId}/chat/rooms/${room!.id}`,
      headers: tenant.users.supervisor.headers,
    });
    assert.equal(view.json().chatwoot_team_id, null);
    await syncTeamRooms(t.app.deps, tenant.accountId);
    const again = await system
      .select()
      .from(chatMessages)
      .where(and(eq(chatMessages.roomId, room!.id), eq(chatMessages.kind, 'system')));
    assert.equal(again.length, notes.length, 'a later reconcile posts nothing more');
  });
});
