import { frameReadyMessageSchema } from '@whatpro/contracts';
import { describe, expect, it } from 'vitest';
import { acceptAppContext, acceptParentMessage, createNonce, type TrustedParent } from './messages';

const CHATWOOT = 'https://chat.example.com';
const parent = { name: 'chatwoot window' } as unknown as MessageEventSource;
const sibling = { name: 'another frame' } as unknown as MessageEventSource;
const trusted: TrustedParent = { chatwootOrigin: CHATWOOT, parent };

const context = {
  ns: 'whatpro-hub',
  type: 'context',
  account_id: 1,
  conversation_display_id: 7,
  theme: 'dark',
};
const token = { ns: 'whatpro-hub', type: 'instance-token', nonce: 'n'.repeat(32), token: 'whi_abc' };

const from = (data: unknown, origin = CHATWOOT, source: MessageEventSource | null = parent) => ({
  data,
  origin,
  source,
});

describe('messages from the Dashboard Script', () => {
  it('accepts contract messages from the exact Chatwoot origin through the parent window', () => {
    expect(acceptParentMessage(from(context), trusted)).toEqual({ ok: true, message: context });
    expect(acceptParentMessage(from(token), trusted)).toEqual({ ok: true, message: token });
  });

  it.each([
    ['another origin', 'https://evil.example.com'],
    ['a look-alike subdomain', 'https://chat.example.com.evil.example'],
    ['another scheme', 'http://chat.example.com'],
    ['another port', 'https://chat.example.com:8443'],
    ['an opaque origin', 'null'],
    ['a trailing slash', `${CHATWOOT}/`],
  ])('refuses %s', (_label, origin) => {
    expect(acceptParentMessage(from(context, origin), trusted)).toEqual({ ok: false, reason: 'origin' });
  });

  it('refuses a sibling frame or no source, even on the right origin', () => {
    expect(acceptParentMessage(from(context, CHATWOOT, sibling), trusted)).toEqual({
      ok: false,
      reason: 'source',
    });
    expect(acceptParentMessage(from(context, CHATWOOT, null), trusted)).toEqual({
      ok: false,
      reason: 'source',
    });
  });

  it('trusts nobody when the page is not framed or no Chatwoot is configured', () => {
    expect(acceptParentMessage(from(context), { chatwootOrigin: CHATWOOT, parent: null })).toEqual({
      ok: false,
      reason: 'source',
    });
    expect(acceptParentMessage(from(context), { chatwootOrigin: null, parent })).toEqual({
      ok: false,
      reason: 'not-configured',
    });
  });

  it.each([
    ['a string', JSON.stringify(context)],
    ['an extra key', { ...context, admin: true }],
    ['another namespace', { ...context, ns: 'other' }],
    ['an unknown type', { ...context, type: 'eval' }],
    ['a negative account', { ...context, account_id: -1 }],
    ['an unknown theme', { ...context, theme: 'blue' }],
    ['a token that is not a Hub token', { ...token, token: 'eyJhbGciOi' }],
    ['a short nonce', { ...token, nonce: 'abc' }],
    ['null', null],
  ])('refuses %s from the right sender as a schema failure', (_label, data) => {
    expect(acceptParentMessage(from(data), trusted)).toEqual({ ok: false, reason: 'schema' });
  });
});

describe("Chatwoot's appContext", () => {
  const appContext = {
    event: 'appContext',
    data: {
      conversation: {
        id: 3,
        account_id: 1,
        status: 'open',
        meta: { sender: { name: 'Maria' } },
        messages: [],
      },
      contact: { id: 9, name: 'Maria' },
      currentAgent: { id: 6, name: 'Diego Beta', email: 'diego.agent@beta.test' },
    },
  };

  it('is parsed from its JSON string, and currentAgent never comes through', () => {
    const accepted = acceptAppContext(from(JSON.stringify(appContext)), trusted);
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    expect(accepted.message.conversation?.id).toBe(3);
    expect(accepted.message.conversation?.meta?.sender?.name).toBe('Maria');
    expect(accepted.message).not.toHaveProperty('currentAgent');
    expect(JSON.stringify(accepted.message)).not.toContain('Diego');
  });

  it('keeps the theme of newer Chatwoot versions and tolerates a missing conversation', () => {
    const latest = { event: 'appContext', data: { conversation: null, theme: 'dark' } };
    expect(acceptAppContext(from(JSON.stringify(latest)), trusted)).toEqual({
      ok: true,
      message: { conversation: null, theme: 'dark' },
    });
  });

  it('needs the exact origin and the parent window like everything else', () => {
    const text = JSON.stringify(appContext);
    expect(acceptAppContext(from(text, 'https://evil.example.com'), trusted)).toEqual({
      ok: false,
      reason: 'origin',
    });
    expect(acceptAppContext(from(text, CHATWOOT, sibling), trusted)).toEqual({ ok: false, reason: 'source' });
  });

  it.each([
    ['an object instead of a string', appContext],
    ['broken JSON', '{"event":"appContext"'],
    ['another event', JSON.stringify({ ...appContext, event: 'other' })],
    ['a conversation without an id', JSON.stringify({ event: 'appContext', data: { conversation: {} } })],
    ['an oversized string', `"${'x'.repeat(2_000_001)}"`],
  ])('refuses %s', (_label, data) => {
    expect(acceptAppContext(from(data), trusted)).toEqual({ ok: false, reason: 'schema' });
  });
});

describe('nonces', () => {
  it('are fresh and pass the contract', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) {
      expect(frameReadyMessageSchema.safeParse({ ns: 'whatpro-hub', type: 'ready', nonce }).success).toBe(
        true,
      );
    }
  });
});
