import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLogs, chatAnnouncementReceipts, chatAnnouncements, teamMembers, teams } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, type TestTenant, type TestUser } from '../../test/factories';
import type { UserEventsMessage } from '../realtime/events';
import { channels } from '../realtime/events';

const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const TEAM = 8;

describe(`chat announcements with read receipts (${engine})`, () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;

  before(async () => {
    t = await createTestApp();
    tenant = await createTenant(t.app, 'Acme');
    other = await createTenant(t.app, 'Other');
    const { system } = t.app.deps.database;
    await system.insert(teams).values({ accountId: tenant.accountId, chatwootTeamId: TEAM, name: 'Suporte' });
    await system.insert(teamMembers).values(
      [tenant.users.agent, tenant.users.supervisor].map((user) => ({
        accountId: tenant.accountId,
        chatwootTeamId: TEAM,
        chatwootUserId: user.chatwootUserId,
      })),
    );
  });
  after(() => t.close());

  const url = (accountId: number, suffix = '') => `/api/v1/accounts/${accountId}/chat/announcements${suffix}`;
  const send = (user: TestUser | undefined, payload: object, accountId = tenant.accountId) =>
    t.app.inject({ method: 'POST', url: url(accountId), headers: user?.headers, payload });
  const stored = (accountId: number) =>
    t.app.deps.database.system
      .select()
      .from(chatAnnouncements)
      .where(eq(chatAnnouncements.accountId, accountId));

  test('401 without a session, 400 for a blank body, 403 for agents, 404 for a team of another tenant; nothing sent', async () => {
    assert.equal((await send(undefined, { body: 'hi' })).statusCode, 401);
    assert.equal((await send(tenant.users.supervisor, { body: '   ' })).statusCode, 400);
    assert.equal((await send(tenant.users.supervisor, { body: 'x'.repeat(4001) })).statusCode, 400);
    assert.equal((await send(tenant.users.agent, { body: 'hi' })).statusCode, 403);
    const foreign = await send(other.users.admin, { body: 'hi', chatwoot_team_id: TEAM }, other.accountId);
    assert.equal(foreign.statusCode, 404);
    assert.equal((await stored(tenant.accountId)).length, 0);
    assert.equal((await stored(other.accountId)).length, 0);
  });

  test('a team announcement reaches the team live, records receipts, and tracks who read it', async () => {
    const received: UserEventsMessage[] = [];
    const unsubscribe = await t.app.deps.bus.subscribe(channels.userEvents, (message) => {
      received.push(message as UserEventsMessage);
    });
    const response = await send(tenant.users.admin, { body: 'Reunião às 15h', chatwoot_team_id: TEAM });
    assert.equal(response.statusCode, 201, response.body);
    const announcement = response.json();
    assert.deepEqual(
      [announcement.recipient_count, announcement.read_count, announcement.chatwoot_team_id],
      [2, 0, TEAM],
    );
    const receipts = await t.app.deps.database.system
      .select()
      .from(chatAnnouncementReceipts)
      .where(eq(chatAnnouncementReceipts.announcementId, announcement.id));
    assert.deepEqual(
      receipts.map((receipt) => receipt.userId).sort(),
      [tenant.users.agent.id, tenant.users.supervisor.id].sort(),
    );
    const [audit] = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.accountId, tenant.accountId), eq(auditLogs.resourceId, announcement.id)));
    assert.equal(audit?.action, 'chat.announcement_sent');
    for (let attempt = 0; attempt < 50 && received.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await unsubscribe();
    const live = received.find(
      (message) => (message.event as { announcement?: { id: string } }).announcement?.id === announcement.id,
    );
    assert.ok(live, 'published on the user-events channel');
    assert.deepEqual(live.user_ids.sort(), [tenant.users.agent.id, tenant.users.supervisor.id].sort());

    const viewerList = await t.app.inject({
      method: 'GET',
      url: url(tenant.accountId),
      headers: tenant.users.viewer.headers,
    });
    assert.deepEqual(viewerList.json().announcements, [], 'not in the team: not a recipient');
    const agentList = await t.app.inject({
      method: 'GET',
      url: url(tenant.accountId),
      headers: tenant.users.agent.headers,
    });
    assert.equal(agentList.json().announcements[0].id, announcement.id);
    assert.equal(agentList.json().announcements[0].read_at, null);

    const read = await t.app.inject({
      method: 'POST',
      url: url(tenant.accountId, `/${announcement.id}/read`),
      headers: tenant.users.agent.headers,
    });
    assert.equal(read.statusCode, 200);
    assert.notEqual(read.json().read_at, null);
    assert.equal(read.json().read_count, 1);
    const notMine = await t.app.inject({
      method: 'POST',
      url: url(tenant.accountId, `/${announcement.id}/read`),
      headers: tenant.users.viewer.headers,
    });
    assert.equal(notMine.statusCode, 404);
    const otherTenant = await t.app.inject({
      method: 'POST',
      url: url(other.accountId, `/${announcement.id}/read`),
      headers: other.users.admin.headers,
    });
    assert.equal(otherTenant.statusCode, 404);

    const who = await t.app.inject({
      method: 'GET',
      url: url(tenant.accountId, `/${announcement.id}/receipts`),
      headers: tenant.users.supervisor.headers,
    });
    assert.equal(who.statusCode, 200);
    const byUser = Object.fromEntries(
      who
        .json()
        .receipts.map((receipt: { user: { id: string }; read_at: string | null }) => [
          receipt.user.id,
          receipt.read_at,
        ]),
    );
    assert.notEqual(byUser[tenant.users.agent.id], null);
    assert.equal(byUser[tenant.users.supervisor.id], null);
    const agentReceipts = await t.app.inject({
      method: 'GET',
      url: url(tenant.accountId, `/${announcement.id}/receipts`),
      headers: tenant.users.agent.headers,
    });
    assert.equal(agentReceipts.statusCode, 403);
  });

  test('an announcement to the whole account goes to every other active member', async () => {
    const response = await send(tenant.users.supervisor, { body: 'Feriado amanhã' });
    assert.equal(response.statusCode, 201);
    assert.equal(response.json().recipient_count, 3);
    assert.equal(response.json().chatwoot_team_id, null);
  });
});
