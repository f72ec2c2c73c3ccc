// Hand-written checks for the embed protocol of @whatpro/contracts (embed.ts). The script stays small by
// not bundling zod; protocol.test.ts holds these checks to the same answers as the contract's schemas.
import type { FrameToParentMessage, ParentToFrameMessage } from '@whatpro/contracts';

type FrameReadyMessage = Extract<FrameToParentMessage, { type: 'ready' }>;
type UnreadMessage = Extract<FrameToParentMessage, { type: 'unread' }>;
type CloseRequestMessage = Extract<FrameToParentMessage, { type: 'close' }>;
type InstanceTokenMessage = Extract<ParentToFrameMessage, { type: 'instance-token' }>;
type TokenRefusedMessage = Extract<ParentToFrameMessage, { type: 'token-refused' }>;
export type TokenRefusalReason = TokenRefusedMessage['reason'];
type ChatwootContextMessage = Extract<ParentToFrameMessage, { type: 'context' }>;

export const HUB_MESSAGE_NAMESPACE = 'whatpro-hub';

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const MAX_TOKEN_LENGTH = 128;

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Exactly these keys, no more (the contract's schemas are strict objects). */
function hasExactKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isFrameReadyMessage(value: unknown): value is FrameReadyMessage {
  return (
    isPlainRecord(value) &&
    hasExactKeys(value, ['ns', 'type', 'nonce']) &&
    value.ns === HUB_MESSAGE_NAMESPACE &&
    value.type === 'ready' &&
    typeof value.nonce === 'string' &&
    NONCE.test(value.nonce)
  );
}

export function isUnreadMessage(value: unknown): value is UnreadMessage {
  return (
    isPlainRecord(value) &&
    hasExactKeys(value, ['ns', 'type', 'count']) &&
    value.ns === HUB_MESSAGE_NAMESPACE &&
    value.type === 'unread' &&
    isCount(value.count)
  );
}

export function isCloseRequestMessage(value: unknown): value is CloseRequestMessage {
  return (
    isPlainRecord(value) &&
    hasExactKeys(value, ['ns', 'type']) &&
    value.ns === HUB_MESSAGE_NAMESPACE &&
    value.type === 'close'
  );
}

export function instanceTokenMessage(nonce: string, token: string): InstanceTokenMessage | null {
  if (!NONCE.test(nonce) || !token.startsWith('whi_') || token.length > MAX_TOKEN_LENGTH) return null;
  return { ns: HUB_MESSAGE_NAMESPACE, type: 'instance-token', nonce, token };
}

export function tokenRefusedMessage(nonce: string, reason: TokenRefusalReason): TokenRefusedMessage | null {
  return NONCE.test(nonce) ? { ns: HUB_MESSAGE_NAMESPACE, type: 'token-refused', nonce, reason } : null;
}

export function contextMessage(
  accountId: number,
  conversationDisplayId: number | null,
  theme: 'light' | 'dark',
  locale: 'pt-BR' | 'en',
): ChatwootContextMessage {
  return {
    ns: HUB_MESSAGE_NAMESPACE,
    type: 'context',
    account_id: accountId,
    conversation_display_id: conversationDisplayId,
    theme,
    locale,
  };
}
