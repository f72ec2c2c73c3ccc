import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { chatAttachments, chatMessages, chatRoomMembers, chatRooms } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import { createTenant, type TestTenant, type TestUser } from '../../test/factories';
import { startTestS3, type TestS3 } from '../../test/s3';
import { attachToMessage } from './service';

const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

/** A 3×2 PNG: signature, IHDR with the size, then enough bytes for the sniffer. */
function png(width = 3, height = 2): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'ascii');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  header.writeUInt8(8, 24);
  header.writeUInt8(6, 25);
  return Buffer.concat([header, Buffer.alloc(64)]);
}

/** A minimal baseline JPEG header: SOI, an APP0 segment, then SOF0 with height 480 and width 640. */
function jpeg(): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof0 = Buffer.from([
    0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
  ]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof0, Buffer.alloc(64)]);
}

function multipart(fileName: string, contentType: string, content: Buffer, field = 'file') {
  const boundary = `----whatpro${randomUUID()}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\n` +
        `Content-Type: ${contentType}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function createRoom(t: TestApp, accountId: number, members: TestUser[]): Promise<string> {
  const { system } = t.app.deps.database;
  const [room] = await system
    .insert(chatRooms)
    .values({ accountId, kind: 'team', name: `Room ${randomUUID().slice(0, 8)}` })
    .returning({ id: chatRooms.id });
  await system
    .insert(chatRoomMembers)
    .values(members.map((member) => ({ roomId: room!.id, userId: member.id, accountId })));
  return room!.id;
}

function suite(name: string, env: () => Record<string, string>) {
  describe(`chat attachments: ${name} (${engine})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let other: TestTenant;
    let roomId: string;

    before(async () => {
      t = await createTestApp({ env: { CHAT_ATTACHMENT_MAX_BYTES: '4096', ...env() } });
      tenant = await createTenant(t.app, 'Acme');
      other = await createTenant(t.app, 'Other');
      roomId = await createRoom(t, tenant.accountId, [
        tenant.users.admin,
        tenant.users.agent,
        tenant.users.viewer,
      ]);
    });
    after(() => t.close());

    const uploadUrl = (accountId: number, room: string) =>
      `/api/v1/accounts/${accountId}/chat/rooms/${room}/attachments`;
    const upload = (
      user: TestUser,
      body: ReturnType<typeof multipart>,
      room = roomId,
      accountId = tenant.accountId,
    ) =>
      t.app.inject({
        method: 'POST',
        url: uploadUrl(accountId, room),
        headers: { ...user.headers, ...body.headers },
        payload: body.payload,
      });
    const stored = (id: string) =>
      t.app.deps.database.system.select().from(chatAttachments).where(eq(chatAttachments.id, id));
    const download = (url: string) =>
      t.app.inject({ method: 'GET', url: new URL(url).pathname + new URL(url).search });

    test('401 without a session; nothing stored', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: uploadUrl(tenant.accountId, roomId),
        ...multipart('a.png', 'image/png', png()),
      });
      assert.equal(response.statusCode, 401);
      const rows = await t.app.deps.database.system
        .select()
        .from(chatAttachments)
        .where(eq(chatAttachments.roomId, roomId));
      assert.equal(rows.length, 0);
    });

    test('400 for a body that is not multipart, an empty file or a bad room id', async () => {
      const json = await t.app.inject({
        method: 'POST',
        url: uploadUrl(tenant.accountId, roomId),
        headers: tenant.users.agent.headers,
        payload: { file: 'x' },
      });
      assert.equal(json.statusCode, 400);
      assert.match(json.json().error.message, /multipart/);
      const empty = await upload(tenant.users.agent, multipart('empty.txt', 'text/plain', Buffer.alloc(0)));
      assert.equal(empty.statusCode, 400);
      assert.match(empty.json().error.message, /empty/);
      const badRoom = await upload(tenant.users.agent, multipart('a.png', 'image/png', png()), 'not-a-uuid');
      assert.equal(badRoom.statusCode, 400);
      const rows = await t.app.deps.database.system
        .select()
        .from(chatAttachments)
        .where(eq(chatAttachments.roomId, roomId));
      assert.equal(rows.length, 0);
    });

    test('403 for viewers (read-only chat) and 404 for rooms of another tenant or not joined', async () => {
      const viewer = await upload(tenant.users.viewer, multipart('a.png', 'image/png', png()));
      assert.equal(viewer.statusCode, 403);
      const foreign = await upload(
        other.users.admin,
        multipart('a.png', 'image/png', png()),
        roomId,
        other.accountId,
      );
      assert.equal(foreign.statusCode, 404);
      const notJoined = await upload(tenant.users.supervisor, multipart('a.png', 'image/png', png()));
      assert.equal(notJoined.statusCode, 404);
      const rows = await t.app.deps.database.system
        .select()
        .from(chatAttachments)
        .where(eq(chatAttachments.roomId, roomId));
      assert.equal(rows.length, 0);
    });

    test('an image is typed from its bytes, measured, stored under the tenant key and shown inline by a signed link', async () => {
      const response = await upload(
        tenant.users.agent,
        multipart('../../etc/photo.bin', 'application/x-evil', png(3, 2)),
      );
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json();
      assert.equal(body.content_type, 'image/png');
      assert.equal(body.file_name, 'photo.bin');
      assert.deepEqual([body.width, body.height, body.inline, body.message_id], [3, 2, true, null]);
      const [row] = await stored(body.id);
      assert.equal(row?.storageKey.startsWith(`accounts/${tenant.accountId}/rooms/${roomId}/`), true);
      assert.equal(row?.sizeBytes, png().length);
      assert.equal(row?.uploaderId, tenant.users.agent.id);

      const file = await download(body.url);
      assert.equal(file.statusCode, 200);
      assert.deepEqual(file.rawPayload, png(3, 2));
      assert.equal(file.headers['content-type'], 'image/png');
      assert.match(String(file.headers['content-disposition']), /^inline; filename="photo.bin"/);
      assert.equal(file.headers['x-content-type-options'], 'nosniff');
      // The API's policy: even a file a browser rendered could run and load nothing.
      assert.match(String(file.headers['content-security-policy']), /default-src 'none'/);
      assert.equal(await text(await t.app.deps.storage.get(row!.storageKey)).then((s) => s.length > 0), true);
    });

    test('JPEG dimensions come from the start-of-frame header', async () => {
      const response = await upload(tenant.users.agent, multipart('p.jpg', 'image/jpeg', jpeg()));
      assert.equal(response.statusCode, 201, response.body);
      assert.deepEqual([response.json().width, response.json().height], [640, 480]);
    });

    test('HTML or SVG declared as an image is never served inline as markup', async () => {
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      const response = await upload(tenant.users.agent, multipart('x.svg', 'image/svg+xml', svg));
      if (response.statusCode === 201) {
        const body = response.json();
        assert.notEqual(body.content_type, 'image/svg+xml');
        assert.equal(body.inline, false);
        const file = await download(body.url);
        assert.match(String(file.headers['content-disposition']), /^attachment;/);
        assert.equal(file.headers['x-content-type-options'], 'nosniff');
        assert.doesNotMatch(String(file.headers['content-type']), /svg|html/);
      } else {
        assert.equal(response.statusCode, 415);
      }
      const html = await upload(
        tenant.users.agent,
        multipart('x.png', 'image/png', Buffer.from('<html><script>alert(1)</script></html>')),
      );
      assert.equal(html.statusCode, 201);
      assert.equal(html.json().content_type, 'text/plain');
      const file = await download(html.json().url);
      assert.match(String(file.headers['content-disposition']), /^attachment;/);
      assert.equal(file.headers['content-type'], 'text/plain');
    });

    test('415 for a type not allowed and 413 above the size limit; nothing kept', async () => {
      const before = await t.app.deps.database.system
        .select()
        .from(chatAttachments)
        .where(eq(chatAttachments.roomId, roomId));
      const binary = await upload(
        tenant.users.agent,
        multipart(
          'a.exe',
          'image/png',
          Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]),
        ),
      );
      assert.equal(binary.statusCode, 415);
      assert.equal(binary.json().error.code, 'unsupported_media_type');
      const large = await upload(
        tenant.users.agent,
        multipart('big.txt', 'text/plain', Buffer.alloc(5000, 'a')),
      );
      assert.equal(large.statusCode, 413);
      assert.equal(large.json().error.code, 'payload_too_large');
      const afterRows = await t.app.deps.database.system
        .select()
        .from(chatAttachments)
        .where(eq(chatAttachments.roomId, roomId));
      assert.equal(afterRows.length, before.length);
    });

    test('links are refused when tampered with, expired, for another account, or once the reader left the room', async () => {
      const uploaded = (await upload(tenant.users.admin, multipart('a.png', 'image/png', png()))).json();
      // Sent with a message, so other members may read it.
      const [message] = await t.app.deps.database.system
        .insert(chatMessages)
        .values({
          accountId: tenant.accountId,
          roomId,
          seq: Math.floor(Math.random() * 1e9),
          authorId: tenant.users.admin.id,
          body: 'see',
        })
        .returning();
      await t.app.deps.database.tenant(tenant.accountId, (tx) =>
        attachToMessage(tx, tenant.accountId, roomId, tenant.users.admin.id, message!.id, [uploaded.id]),
      );
      const forViewer = await t.app.inject({
        method: 'GET',
        url: `/api/v1/accounts/${tenant.accountId}/chat/attachments/${uploaded.id}`,
        headers: tenant.users.viewer.headers,
      });
      assert.equal(forViewer.statusCode, 200);
      assert.equal(forViewer.json().message_id, message!.id);
      const url = new URL(forViewer.json().url);

      const tampered = new URL(url);
      tampered.searchParams.set('user', tenant.users.admin.id);
      assert.equal((await download(tampered.href)).statusCode, 403);
      const foreign = new URL(url);
      foreign.searchParams.set('account', String(other.accountId));
      assert.equal((await download(foreign.href)).statusCode, 403);
      const expired = new URL(url);
      expired.searchParams.set('expires', String(Math.floor(Date.now() / 1000) - 1));
      assert.equal((await download(expired.href)).statusCode, 403);

      assert.equal((await download(url.href)).statusCode, 200);
      await t.app.deps.database.system
        .delete(chatRoomMembers)
        .where(and(eq(chatRoomMembers.roomId, roomId), eq(chatRoomMembers.userId, tenant.users.viewer.id)));
      assert.equal((await download(url.href)).statusCode, 404, 'membership is checked at download time');
      await t.app.deps.database.system
        .insert(chatRoomMembers)
        .values({ roomId, userId: tenant.users.viewer.id, accountId: tenant.accountId });

      const otherTenant = await t.app.inject({
        method: 'GET',
        url: `/api/v1/accounts/${other.accountId}/chat/attachments/${uploaded.id}`,
        headers: other.users.admin.headers,
      });
      assert.equal(otherTenant.statusCode, 404);
    });

    test('a message sends the uploads by id; they travel with it and go when it is deleted', async () => {
      const mine = (await upload(tenant.users.agent, multipart('a.png', 'image/png', png(4, 5)))).json();
      const theirs = (await upload(tenant.users.admin, multipart('b.png', 'image/png', png()))).json();
      const send = (payload: object) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/accounts/${tenant.accountId}/chat/rooms/${roomId}/messages`,
          headers: tenant.users.agent.headers,
          payload,
        });
      const refused = await send({
        client_id: `c-${randomUUID()}`,
        body: 'theirs',
        attachment_ids: [theirs.id],
      });
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(refused.json().error.details, { attachment_ids: [theirs.id] });
      assert.equal((await stored(theirs.id))[0]?.messageId, null, 'the refused send claimed nothing');

      const blank = await send({ client_id: `c-${randomUUID()}`, body: '  ' });
      assert.equal(blank.statusCode, 400, 'no text and no file is nothing to send');
      // A file alone, no caption: the body may be left out.
      const sent = await send({ client_id: `c-${randomUUID()}`, attachment_ids: [mine.id] });
      assert.equal(sent.statusCode, 201, sent.body);
      assert.equal(sent.json().body, '');
      assert.deepEqual(sent.json().attachments, [
        {
          id: mine.id,
          file_name: 'a.png',
          content_type: 'image/png',
          size_bytes: png().length,
          width: 4,
          height: 5,
          inline: true,
        },
      ]);
      assert.equal((await stored(mine.id))[0]?.messageId, sent.json().id);
      const again = await send({ client_id: `c-${randomUUID()}`, body: 'twice', attachment_ids: [mine.id] });
      assert.equal(again.statusCode, 400, 'a file is sent once');

      const forAdmin = await t.app.inject({
        method: 'GET',
        url: `/api/v1/accounts/${tenant.accountId}/chat/attachments/${mine.id}`,
        headers: tenant.users.admin.headers,
      });
      assert.equal(forAdmin.statusCode, 200, 'room members read sent files');
      const deleted = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/accounts/${tenant.accountId}/chat/messages/${sent.json().id}`,
        headers: tenant.users.agent.headers,
      });
      assert.ok(deleted.statusCode < 300, deleted.body);
      assert.equal(
        (await download(forAdmin.json().url)).statusCode,
        404,
        "a deleted message's files are gone",
      );
    });

    test("an unsent upload is its uploader's alone, and only they can send it, once, in its room", async () => {
      const uploaded = (await upload(tenant.users.agent, multipart('a.png', 'image/png', png()))).json();
      const asOther = await t.app.inject({
        method: 'GET',
        url: `/api/v1/accounts/${tenant.accountId}/chat/attachments/${uploaded.id}`,
        headers: tenant.users.admin.headers,
      });
      assert.equal(asOther.statusCode, 404);
      const [message] = await t.app.deps.database.system
        .insert(chatMessages)
        .values({
          accountId: tenant.accountId,
          roomId,
          seq: Math.floor(Math.random() * 1e9),
          authorId: tenant.users.admin.id,
          body: 'mine?',
        })
        .returning();
      await assert.rejects(
        t.app.deps.database.tenant(tenant.accountId, (tx) =>
          attachToMessage(tx, tenant.accountId, roomId, tenant.users.admin.id, message!.id, [uploaded.id]),
        ),
        /files you uploaded to this room/,
      );
      const [row] = await stored(uploaded.id);
      assert.equal(row?.messageId, null);
    });
  });
}

suite('local folder', () => ({}));

let s3: TestS3 | undefined;
before(async () => {
  s3 = await startTestS3();
});
after(() => s3?.close());
suite('S3 (s3rver)', () => s3!.env);
