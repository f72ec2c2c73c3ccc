import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import {
  chatMessages,
  chatPins,
  chatRoomMembers,
  chatRooms,
  conversations,
  inboxes,
  inboxMembers,
} from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, createUser, type TestTenant, type TestUser } from '../../test/factories';

const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

describe(`chat conversation references and discussion rooms (${engine})`, () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  /** An agent seated in the conversation's inbox, and one who is not. */
  let insider: TestUser;
  let outsider: TestUser;
  const INBOX = 41;

  before(async () => {
    t = await createTestApp();
    tenant = await createTenant(t.app, 'Acme');
    other = await createTenant(t.app, 'Other');
    insider = await createUser(t.app, { accountId: tenant.accountId, role: 'agent' });
    outsider = tenant.users.agent;
    const { system } = t.app.deps.database;
    await system.insert(inboxes).values({
      accountId: tenant.accountId,
      chatwootInboxId: INBOX,
      name: 'WhatsApp Vendas',
      channelType: 'Channel::Api',
    });
    await system.insert(inboxMembers).values({
      accountId: tenant.accountId,
      chatwootInboxId: INBOX,
      chatwootUserId: insider.chatwootUserId,
    });
  });
  after(() => t.close());

  async function mirrored(accountId: number): Promise<number> {
    const displayId = randomInt(1_000, 2_000_000_000);
    const now = new Date();
    await t.app.deps.database.system.insert(conversations).values({
      accountId,
      displayId,
      chatwootInboxId: INBOX,
      status: 'open',
      contactId: 9,
      contactName: 'Maria Cliente',
      contactPhone: '+5511999990000',
      assigneeId: 3,
      assigneeName: 'Ana',
      lastIncomingAt: new Date(now.getTime() - 60_000),
      lastOutgoingAt: new Date(now.getTime() - 120_000),
      chatwootCreatedAt: now,
      sourceUpdatedAt: now,
    });
    return displayId;
  }

  const discussion = (user: TestUser, displayId: number | string, accountId = tenant.accountId) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${accountId}/chat/conversations/${displayId}/discussion`,
      headers: user.headers,
    });
  const roomsOf = (displayId: number) =>
    t.app.deps.database.system
      .select()
      .from(chatRooms)
      .where(and(eq(chatRooms.accountId, tenant.accountId), eq(chatRooms.conversationDisplayId, displayId)));

  test('401 without a session and 400 for a bad conversation id; no room made', async () => {
    const displayId = await mirrored(tenant.accountId);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${tenant.accountId}/chat/conversations/${displayId}/discussion`,
    });
    assert.equal(anonymous.statusCode, 401);
    assert.equal((await discussion(insider, 'abc')).statusCode, 400);
    assert.equal((await discussion(insider, 0)).statusCode, 400);
    assert.equal((await roomsOf(displayId)).length, 0);
  });

  test("404 for another tenant's conversation, 403 for a user who may not see it; no room made", async () => {
    const displayId = await mirrored(tenant.accountId);
    const foreign = await discussion(other.users.admin, displayId, other.accountId);
    assert.equal(foreign.statusCode, 404);
    const refused = await discussion(outsider, displayId);
    assert.equal(refused.statusCode, 403);
    assert.equal((await roomsOf(displayId)).length, 0);
  });

  test('the first opener creates the room with the card pinned and owns it; the next one joins it', async () => {
    const displayId = await mirrored(tenant.accountId);
    const first = await discussion(insider, displayId);
    assert.equal(first.statusCode, 200, first.body);
    const room = first.json();
    assert.equal(room.kind, 'discussion');
    assert.equal(room.conversation_display_id, displayId);
    assert.equal(room.my_role, 'owner');
    assert.equal(room.name, `#${displayId} Maria Cliente`);

    const { system } = t.app.deps.database;
    const [card] = await system
      .select()
      .from(chatMessages)
      .where(and(eq(chatMessages.roomId, room.id), eq(chatMessages.seq, 1)));
    assert.equal(card?.conversationDisplayId, displayId);
    assert.equal(card?.kind, 'system');
    const pins = await system.select().from(chatPins).where(eq(chatPins.roomId, room.id));
    assert.deepEqual(
      pins.map((pin) => pin.messageId),
      [card!.id],
    );

    const again = await discussion(tenant.users.admin, displayId);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, room.id);
    assert.equal(again.json().my_role, 'member');
    const members = await system.select().from(chatRoomMembers).where(eq(chatRoomMembers.roomId, room.id));
    assert.deepEqual(
      members.map((member) => member.userId).sort(),
      [insider.id, tenant.users.admin.id].sort(),
    );
    const reopened = await discussion(insider, displayId);
    assert.equal(reopened.json().my_role, 'owner', 'opening again changes nothing');
  });

  test('mentioned colleagues who may see the conversation join the discussion, with the mention unread', async () => {
    const displayId = await mirrored(tenant.accountId);
    const room = (await discussion(insider, displayId)).json();
    const colleague = await createUser(t.app, { accountId: tenant.accountId, role: 'agent' });
    await t.app.deps.database.system.insert(inboxMembers).values({
      accountId: tenant.accountId,
      chatwootInboxId: INBOX,
      chatwootUserId: colleague.chatwootUserId,
    });
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${tenant.accountId}/chat/rooms/${room.id}/messages`,
      headers: insider.headers,
      payload: {
        client_id: `mention-${displayId}`,
        body: `@[Colega](${colleague.id}) e @[Outro](${outsider.id}), vejam`,
      },
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const members = await t.app.deps.database.system
      .select()
      .from(chatRoomMembers)
      .where(eq(chatRoomMembers.roomId, room.id));
    const byUser = new Map(members.map((member) => [member.userId, member]));
    assert.ok(byUser.has(colleague.id), 'a colleague who may see the conversation joins');
    assert.ok(!byUser.has(outsider.id), 'one who may not see it does not');
    assert.equal(byUser.get(colleague.id)?.mentionCount, 1);
    assert.ok((byUser.get(colleague.id)?.lastReadSeq ?? 0) < sent.json().seq, 'the mention is unread');
  });

  test('concurrent first opens make one room', async () => {
    const displayId = await mirrored(tenant.accountId);
    const responses = await Promise.all([
      discussion(insider, displayId),
      discussion(tenant.users.admin, displayId),
      discussion(insider, displayId),
    ]);
    assert.deepEqual(
      responses.map((response) => response.statusCode),
      [200, 200, 200],
    );
    assert.equal(new Set(responses.map((response) => response.json().id)).size, 1);
    assert.equal((await roomsOf(displayId)).length, 1);
    const pins = await t.app.deps.database.system
      .select()
      .from(chatPins)
      .where(eq(chatPins.roomId, responses[0]!.json().id));
    assert.equal(pins.length, 1, 'the card is pinned once');
  });

  test('references show the card only to readers who may see the conversation', async () => {
    const displayId = await mirrored(tenant.accountId);
    const foreignId = await mirrored(other.accountId);
    const references = (user: TestUser, ids: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/accounts/${tenant.accountId}/chat/conversation-references`,
        query: { display_ids: ids },
        headers: user.headers,
      });
    const seen = await references(insider, `${displayId},${foreignId},123`);
    assert.equal(seen.statusCode, 200, seen.body);
    const [card, foreign, unknown] = seen.json().references;
    assert.equal(card.access, 'granted');
    assert.deepEqual(card.card.contact, {
      name: 'Maria Cliente',
      phone_number: '+5511999990000',
      email: null,
    });
    assert.deepEqual(card.card.inbox, { id: INBOX, name: 'WhatsApp Vendas' });
    assert.deepEqual(card.card.assignee, { id: 3, name: 'Ana' });
    assert.equal(card.card.last_message.from, 'contact');
    assert.deepEqual(foreign, { display_id: foreignId, access: 'unavailable', card: null });
    assert.deepEqual(unknown, { display_id: 123, access: 'unavailable', card: null });

    const hidden = await references(outsider, String(displayId));
    assert.deepEqual(hidden.json().references, [
      { display_id: displayId, access: 'unavailable', card: null },
    ]);
    const admin = await references(tenant.users.admin, String(displayId));
    assert.equal(admin.json().references[0].access, 'granted');

    assert.equal((await references(insider, 'a,b')).statusCode, 400);
    assert.equal(
      (await references(insider, Array.from({ length: 51 }, (_, i) => i + 1).join(','))).statusCode,
      400,
    );
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${tenant.accountId}/chat/conversation-references?display_ids=${displayId}`,
    });
    assert.equal(anonymous.statusCode, 401);
    const otherTenant = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${other.accountId}/chat/conversation-references?display_ids=${displayId}`,
      headers: other.users.admin.headers,
    });
    assert.deepEqual(otherTenant.json().references, [
      { display_id: displayId, access: 'unavailable', card: null },
    ]);
  });
});
