import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { and, eq, inArray } from 'drizzle-orm';
import {
  auditLogs,
  chatAttachments,
  chatMessagePurges,
  chatMessageReactions,
  chatMessages,
  chatPins,
  chatRoomEvents,
  chatRoomMembers,
  chatRooms,
} from '../../db/schema';
import { StoredObjectMissing } from '../../infra/storage';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, type TestTenant } from '../../test/factories';
import { channels, type UserEventsMessage } from '../realtime/events';
import { applyRetention } from './service';

const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const DAY_MS = 86_400_000;

describe(`chat retention and purges (${engine})`, () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;

  before(async () => {
    t = await createTestApp();
    tenant = await createTenant(t.app, 'Acme');
    other = await createTenant(t.app, 'Other');
  });
  after(() => t.close());

  const url = (accountId: number, suffix = '') => `/api/v1/accounts/${accountId}/chat/${suffix}`;

  /** A room with messages 10 days old and from today, each old one with a reaction, a pin and a file. */
  async function history(accountId: number, owner: TestTenant) {
    const { system } = t.app.deps.database;
    const [room] = await system
      .insert(chatRooms)
      .values({
        accountId,
        kind: 'team',
        name: 'history',
        lastMessagePreview: 'old news',
        lastMessageAt: new Date(Date.now() - 10 * DAY_MS),
      })
      .returning();
    await system
      .insert(chatRoomMembers)
      .values({ roomId: room!.id, userId: owner.users.admin.id, accountId });
    const old = new Date(Date.now() - 10 * DAY_MS);
    const author = owner.users.admin.id;
    const oldMessages = await system
      .insert(chatMessages)
      .values(
        [1, 2, 3].map((seq) => ({
          accountId,
          roomId: room!.id,
          seq,
          authorId: author,
          body: `old ${seq}`,
          mentions: [author],
          createdAt: old,
        })),
      )
      .returning();
    const [recent] = await system
      .insert(chatMessages)
      .values({ accountId, roomId: room!.id, seq: 4, authorId: author, body: 'recent' })
      .returning();
    const oldIds = oldMessages.map((message) => message.id);
    await system
      .insert(chatMessageReactions)
      .values(
        oldIds.map((messageId) => ({ messageId, userId: author, emoji: '👍', accountId, roomId: room!.id })),
      );
    await system
      .insert(chatMessageReactions)
      .values({ messageId: recent!.id, userId: author, emoji: '🎉', accountId, roomId: room!.id });
    await system.insert(chatPins).values({ roomId: room!.id, messageId: oldIds[0]!, accountId });
    const storageKey = `accounts/${accountId}/rooms/${room!.id}/${randomUUID()}`;
    await t.app.deps.storage.put(storageKey, Readable.from([Buffer.from('old file')]), 8, 'text/plain');
    await system.insert(chatAttachments).values({
      accountId,
      roomId: room!.id,
      messageId: oldIds[1]!,
      uploaderId: author,
      storageKey,
      fileName: 'old.txt',
      contentType: 'text/plain',
      sizeBytes: 8,
      createdAt: old,
    });
    await system.insert(chatRoomEvents).values([
      {
        roomId: room!.id,
        seq: 1,
        accountId,
        type: 'message.created',
        payload: { body: 'old 1' },
        createdAt: old,
      },
      { roomId: room!.id, seq: 2, accountId, type: 'message.created', payload: { body: 'recent' } },
    ]);
    return { roomId: room!.id, oldIds, recentId: recent!.id, storageKey };
  }

  async function waitForPurge(accountId: number, purgeId: string, owner = tenant) {
    for (let attempt = 0; attempt < 200; attempt++) {
      const response = await t.app.inject({
        method: 'GET',
        url: url(accountId, `purges/${purgeId}`),
        headers: owner.users.admin.headers,
      });
      const body = response.json();
      if (body.status === 'done' || body.status === 'failed') return body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('purge did not finish');
  }

  async function assertPurged(data: Awaited<ReturnType<typeof history>>) {
    const { system } = t.app.deps.database;
    const messages = await system
      .select()
      .from(chatMessages)
      .where(eq(chatMessages.roomId, data.roomId))
      .orderBy(chatMessages.seq);
    assert.deepEqual(
      messages.map((message) => [
        message.seq,
        message.body,
        message.mentions.length,
        message.deletedAt !== null,
      ]),
      [
        [1, null, 0, true],
        [2, null, 0, true],
        [3, null, 0, true],
        [4, 'recent', 0, false],
      ],
    );
    const reactions = await system
      .select()
      .from(chatMessageReactions)
      .where(eq(chatMessageReactions.roomId, data.roomId));
    assert.deepEqual(
      reactions.map((reaction) => reaction.messageId),
      [data.recentId],
    );
    assert.equal((await system.select().from(chatPins).where(eq(chatPins.roomId, data.roomId))).length, 0);
    assert.equal(
      (await system.select().from(chatAttachments).where(eq(chatAttachments.roomId, data.roomId))).length,
      0,
    );
    await assert.rejects(t.app.deps.storage.get(data.storageKey), StoredObjectMissing);
    const events = await system.select().from(chatRoomEvents).where(eq(chatRoomEvents.roomId, data.roomId));
    assert.deepEqual(
      events.map((event) => event.seq),
      [2],
    );
    const [room] = await system.select().from(chatRooms).where(eq(chatRooms.id, data.roomId));
    assert.equal(room?.lastMessagePreview, null);
  }

  test('401 without a session, 403 below admin; nothing queued', async () => {
    const body = { before: new Date().toISOString() };
    const anonymous = await t.app.inject({
      method: 'POST',
      url: url(tenant.accountId, 'purges'),
      payload: body,
    });
    assert.equal(anonymous.statusCode, 401);
    const supervisor = await t.app.inject({
      method: 'POST',
      url: url(tenant.accountId, 'purges'),
      headers: tenant.users.supervisor.headers,
      payload: body,
    });
    assert.equal(supervisor.statusCode, 403);
    const rows = await t.app.deps.database.system
      .select()
      .from(chatMessagePurges)
      .where(eq(chatMessagePurges.accountId, tenant.accountId));
    assert.equal(rows.length, 0);
  });

  test('400 for a bad date, a future cutoff or unknown fields; 404 for a room or purge of another tenant', async () => {
    const post = (payload: object, accountId = tenant.accountId, headers = tenant.users.admin.headers) =>
      t.app.inject({ method: 'POST', url: url(accountId, 'purges'), headers, payload });
    assert.equal((await post({ before: 'yesterday' })).statusCode, 400);
    const future = await post({ before: new Date(Date.now() + DAY_MS).toISOString() });
    assert.equal(future.statusCode, 400);
    assert.match(future.json().error.message, /future/);
    assert.equal((await post({ before: new Date().toISOString(), everything: true })).statusCode, 400);
    const foreign = await history(other.accountId, other);
    const wrongRoom = await post({ before: new Date().toISOString(), room_id: foreign.roomId });
    assert.equal(wrongRoom.statusCode, 404);
    const rows = await t.app.deps.database.system
      .select()
      .from(chatMessagePurges)
      .where(eq(chatMessagePurges.accountId, tenant.accountId));
    assert.equal(rows.length, 0);

    const theirs = await post(
      { before: new Date(Date.now() - DAY_MS).toISOString() },
      other.accountId,
      other.users.admin.headers,
    );
    assert.equal(theirs.statusCode, 202);
    const peek = await t.app.inject({
      method: 'GET',
      url: url(tenant.accountId, `purges/${theirs.json().id}`),
      headers: tenant.users.admin.headers,
    });
    assert.equal(peek.statusCode, 404);
    assert.equal((await waitForPurge(other.accountId, theirs.json().id, other)).status, 'done');
  });

  test('an admin purge empties old messages, reactions, pins, files and event payloads, logs counts and audits', async () => {
    const data = await history(tenant.accountId, tenant);
    const response = await t.app.inject({
      method: 'POST',
      url: url(tenant.accountId, 'purges'),
      headers: tenant.users.admin.headers,
      payload: { before: new Date(Date.now() - DAY_MS).toISOString(), room_id: data.roomId },
    });
    assert.equal(response.statusCode, 202, response.body);
    assert.equal(response.json().status, 'queued');
    assert.equal(response.json().requested_by, tenant.users.admin.id);
    const done = await waitForPurge(tenant.accountId, response.json().id);
    assert.equal(done.status, 'done', done.error);
    assert.deepEqual(
      [done.messages_purged, done.reactions_purged, done.attachments_purged, done.events_purged],
      [3, 3, 1, 1],
    );
    await assertPurged(data);

    const audits = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.accountId, tenant.accountId), eq(auditLogs.resourceId, done.id)));
    assert.deepEqual(audits.map((row) => row.action).sort(), [
      'chat.purge_completed',
      'chat.purge_requested',
    ]);

    const list = await t.app.inject({
      method: 'GET',
      url: url(tenant.accountId, 'purges'),
      headers: tenant.users.admin.headers,
    });
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().purges[0].id, done.id);
  });

  test('a finished purge tells the room’s members live, so open clients blank what they hold', async () => {
    const data = await history(tenant.accountId, tenant);
    const received: UserEventsMessage[] = [];
    const unsubscribe = await t.app.deps.bus.subscribe(channels.userEvents, (message) => {
      const sent = message as UserEventsMessage;
      if (sent.event.type === 'messages.purged') received.push(sent);
    });
    const before = new Date(Date.now() - DAY_MS).toISOString();
    const response = await t.app.inject({
      method: 'POST',
      url: url(tenant.accountId, 'purges'),
      headers: tenant.users.admin.headers,
      payload: { before, room_id: data.roomId },
    });
    assert.equal((await waitForPurge(tenant.accountId, response.json().id)).status, 'done');
    // Published just after the purge is marked done.
    const mine = () => received.filter((message) => message.event.room_id === data.roomId);
    for (let tries = 0; mine().length === 0 && tries < 50; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await unsubscribe();
    assert.deepEqual(mine(), [
      {
        account_id: tenant.accountId,
        user_ids: [tenant.users.admin.id],
        event: { type: 'messages.purged', room_id: data.roomId, before },
      },
    ]);
  });

  test('a room purge leaves other rooms alone', async () => {
    const target = await history(tenant.accountId, tenant);
    const bystander = await history(tenant.accountId, tenant);
    const response = await t.app.inject({
      method: 'POST',
      url: url(tenant.accountId, 'purges'),
      headers: tenant.users.admin.headers,
      payload: { before: new Date().toISOString(), room_id: target.roomId },
    });
    await waitForPurge(tenant.accountId, response.json().id);
    const untouched = await t.app.deps.database.system
      .select()
      .from(chatMessages)
      .where(inArray(chatMessages.id, bystander.oldIds));
    assert.deepEqual(untouched.map((message) => message.body).sort(), ['old 1', 'old 2', 'old 3']);
    assert.equal((await t.app.deps.storage.get(bystander.storageKey)).readable, true);
  });

  test('the retention setting is validated, audited and applied by the daily job', async () => {
    const settings = url(tenant.accountId, 'settings');
    const initial = await t.app.inject({ method: 'GET', url: settings, headers: tenant.users.admin.headers });
    assert.deepEqual(initial.json(), { retention_days: null });
    const invalid = await t.app.inject({
      method: 'PUT',
      url: settings,
      headers: tenant.users.admin.headers,
      payload: { retention_days: 0 },
    });
    assert.equal(invalid.statusCode, 400);
    const agent = await t.app.inject({
      method: 'PUT',
      url: settings,
      headers: tenant.users.agent.headers,
      payload: { retention_days: 5 },
    });
    assert.equal(agent.statusCode, 403);
    const changed = await t.app.inject({
      method: 'PUT',
      url: settings,
      headers: tenant.users.admin.headers,
      payload: { retention_days: 5 },
    });
    assert.equal(changed.statusCode, 200);
    assert.deepEqual(changed.json(), { retention_days: 5 });
    const [audit] = await t.app.deps.database.system
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.accountId, tenant.accountId), eq(auditLogs.action, 'chat.retention_changed')));
    assert.deepEqual(audit?.newValues, { retention_days: 5 });

    const data = await history(tenant.accountId, tenant);
    assert.ok((await applyRetention(t.app.deps)) >= 1);
    await assertPurged(data);
    const [purge] = await t.app.deps.database.system
      .select()
      .from(chatMessagePurges)
      .where(
        and(eq(chatMessagePurges.accountId, tenant.accountId), eq(chatMessagePurges.source, 'retention')),
      );
    assert.equal(purge?.status, 'done');
    assert.equal(await applyRetention(t.app.deps), 0, 'nothing left to purge: no new purge row');
  });
});
