import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CHAT_MESSAGE_MAX_LENGTH,
  chatEventSchema,
  chatHistoryQuerySchema,
  chatMentionedUserIds,
  chatMentionMarkup,
  sendChatMessageSchema,
} from './chat';

const ana = '5f0c3c1e-2b7a-4c1d-9e8f-0a1b2c3d4e5f';
const bruno = '6a1d4d2f-3c8b-4d2e-8f90-1b2c3d4e5f60';

test('mentions are read from the markup the composer writes, once each, in order', () => {
  const body = `${chatMentionMarkup('Ana', ana)} e ${chatMentionMarkup('Bruno [TI]', bruno)}, ${chatMentionMarkup('Ana', ana)}`;
  assert.deepEqual(chatMentionedUserIds(body), [ana, bruno]);
  assert.deepEqual(chatMentionedUserIds(`@Ana @[Ana](not-a-uuid) [Ana](${ana})`), []);
  assert.deepEqual(chatMentionedUserIds(`@[Ana](${ana.toUpperCase()})`), [ana]);
});

test('a message body is 1 to 16,000 characters of text, not blank, tabs and newlines allowed', () => {
  const message = (body: string) => sendChatMessageSchema.safeParse({ client_id: 'c-1', body }).success;
  assert.equal(message('linha 1\n\tlinha 2'), true);
  assert.equal(message('x'.repeat(CHAT_MESSAGE_MAX_LENGTH)), true);
  assert.equal(message('x'.repeat(CHAT_MESSAGE_MAX_LENGTH + 1)), false);
  assert.equal(message('  \n '), false);
  assert.equal(message('nul\u0000'), false);
  assert.equal(sendChatMessageSchema.safeParse({ client_id: 'has space', body: 'oi' }).success, false);
});

test('history takes at most one cursor and at most 100 messages', () => {
  assert.deepEqual(chatHistoryQuerySchema.parse({ before: '10' }), { before: 10, limit: 50 });
  assert.equal(chatHistoryQuerySchema.safeParse({ before: '10', after: '2' }).success, false);
  assert.equal(chatHistoryQuerySchema.safeParse({ limit: '101' }).success, false);
  assert.equal(chatHistoryQuerySchema.safeParse({ around: '-1' }).success, false);
});

test('every chat event names its room and carries a sequence', () => {
  const deleted = { type: 'message.deleted', room_id: ana, seq: 4, message_id: bruno, message_seq: 2 };
  assert.ok(chatEventSchema.safeParse(deleted).success);
  assert.equal(chatEventSchema.safeParse({ ...deleted, seq: undefined }).success, false);
  assert.equal(chatEventSchema.safeParse({ ...deleted, room_id: undefined }).success, false);
  assert.equal(chatEventSchema.safeParse({ ...deleted, type: 'message.exploded' }).success, false);
});
