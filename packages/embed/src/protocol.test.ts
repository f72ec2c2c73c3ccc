import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  HUB_MESSAGE_NAMESPACE as CONTRACT_NAMESPACE,
  chatwootContextMessageSchema,
  closeRequestMessageSchema,
  frameReadyMessageSchema,
  instanceTokenMessageSchema,
  tokenRefusedMessageSchema,
  unreadMessageSchema,
} from '@whatpro/contracts';
import {
  contextMessage,
  HUB_MESSAGE_NAMESPACE,
  instanceTokenMessage,
  isCloseRequestMessage,
  isFrameReadyMessage,
  isUnreadMessage,
  tokenRefusedMessage,
} from './protocol';

const NONCE = 'abcdefghijklmnop_-0123456789';
const ns = HUB_MESSAGE_NAMESPACE;

/** Every candidate goes through both the hand-written check and the contract's zod schema. */
const readyCandidates: unknown[] = [
  { ns, type: 'ready', nonce: NONCE },
  { ns, type: 'ready', nonce: 'a'.repeat(16) },
  { ns, type: 'ready', nonce: 'a'.repeat(64) },
  { ns, type: 'ready', nonce: 'a'.repeat(15) },
  { ns, type: 'ready', nonce: 'a'.repeat(65) },
  { ns, type: 'ready', nonce: `${'a'.repeat(16)}!` },
  { ns, type: 'ready', nonce: `${'a'.repeat(16)}\n` },
  { ns, type: 'ready', nonce: 1234567890123456 },
  { ns, type: 'ready' },
  { ns, type: 'ready', nonce: NONCE, extra: true },
  { ns: 'other', type: 'ready', nonce: NONCE },
  { ns, type: 'Ready', nonce: NONCE },
  { type: 'ready', nonce: NONCE },
  JSON.stringify({ ns, type: 'ready', nonce: NONCE }),
  null,
  undefined,
  42,
  [ns, 'ready', NONCE],
];

const unreadCandidates: unknown[] = [
  { ns, type: 'unread', count: 0 },
  { ns, type: 'unread', count: 7 },
  { ns, type: 'unread', count: -1 },
  { ns, type: 'unread', count: 1.5 },
  { ns, type: 'unread', count: Number.NaN },
  { ns, type: 'unread', count: Number.POSITIVE_INFINITY },
  { ns, type: 'unread', count: '3' },
  { ns, type: 'unread', count: 3, more: 1 },
  { ns, type: 'unread' },
  { ns: 'x', type: 'unread', count: 1 },
  'unread',
];

const closeCandidates: unknown[] = [
  { ns, type: 'close' },
  { ns, type: 'close', now: true },
  { ns, type: 'Close' },
  { ns: 'x', type: 'close' },
  { type: 'close' },
  'close',
  null,
];

describe('embed protocol checks agree with the contract', () => {
  test('the namespace is the contract namespace', () => {
    assert.equal(HUB_MESSAGE_NAMESPACE, CONTRACT_NAMESPACE);
  });

  test('ready', () => {
    for (const candidate of readyCandidates) {
      assert.equal(
        isFrameReadyMessage(candidate),
        frameReadyMessageSchema.safeParse(candidate).success,
        JSON.stringify(candidate),
      );
    }
    assert.equal(isFrameReadyMessage(readyCandidates[0]), true);
  });

  test('unread', () => {
    for (const candidate of unreadCandidates) {
      assert.equal(
        isUnreadMessage(candidate),
        unreadMessageSchema.safeParse(candidate).success,
        JSON.stringify(candidate),
      );
    }
    assert.equal(isUnreadMessage(unreadCandidates[1]), true);
  });

  test('close', () => {
    for (const candidate of closeCandidates) {
      assert.equal(
        isCloseRequestMessage(candidate),
        closeRequestMessageSchema.safeParse(candidate).success,
        JSON.stringify(candidate),
      );
    }
    assert.equal(isCloseRequestMessage(closeCandidates[0]), true);
  });

  test('the messages the script sends pass the contract', () => {
    const token = instanceTokenMessage(NONCE, 'whi_abc');
    assert.ok(token);
    assert.equal(instanceTokenMessageSchema.safeParse(token).success, true);
    assert.equal(instanceTokenMessage(NONCE, 'not-a-hub-token'), null);
    assert.equal(instanceTokenMessage('short', 'whi_abc'), null);
    assert.equal(instanceTokenMessage(NONCE, `whi_${'x'.repeat(125)}`), null);

    assert.equal(
      tokenRefusedMessageSchema.safeParse(tokenRefusedMessage(NONCE, 'account_suspended')).success,
      true,
    );
    assert.equal(tokenRefusedMessage('short', 'account_suspended'), null);

    for (const message of [contextMessage(1, 42, 'dark', 'pt-BR'), contextMessage(3, null, 'light', 'en')]) {
      assert.equal(chatwootContextMessageSchema.safeParse(message).success, true);
    }
  });
});
