import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountRole, ChatMemberRole, ChatRoomKind, Role } from '@whatpro/contracts';
import { AppError } from './errors';
import type { Actor } from './features/auth/actor';
import {
  authorize,
  type ChatMessageSubject,
  type ChatRoomSubject,
  can,
  type MemberSubject,
  type SessionOwnerSubject,
} from './policies';

const ACCOUNT = 10;
const OTHER_ACCOUNT = 20;

const user = (role: Role | undefined, options: { id?: string; superAdmin?: boolean } = {}): Actor => ({
  type: 'user',
  userId: options.id ?? `actor-${role}`,
  sessionId: 'session',
  isSuperAdmin: options.superAdmin ?? false,
  accountId: ACCOUNT,
  ...(role ? { role } : {}),
});
const apiKey: Actor = { type: 'api_key', keyId: 'key', accountId: ACCOUNT, scopes: ['members:read:account'] };
const member = (role: AccountRole, options: { id?: string; superAdmin?: boolean } = {}): MemberSubject => ({
  userId: options.id ?? `member-${role}`,
  role,
  isSuperAdmin: options.superAdmin ?? false,
});

describe('policy member:change_role', () => {
  const cases: [string, Actor, MemberSubject, AccountRole, boolean][] = [
    ['admin demotes an agent to viewer', user('admin'), member('agent'), 'viewer', true],
    ['admin promotes an agent to supervisor', user('admin'), member('agent'), 'supervisor', true],
    ['admin cannot grant admin', user('admin'), member('agent'), 'admin', false],
    ['admin cannot change another admin', user('admin'), member('admin'), 'agent', false],
    [
      'admin cannot change their own role',
      user('admin', { id: 'me' }),
      member('admin', { id: 'me' }),
      'agent',
      false,
    ],
    ['supervisor moves an agent to viewer', user('supervisor'), member('agent'), 'viewer', true],
    ['supervisor cannot grant supervisor', user('supervisor'), member('viewer'), 'supervisor', false],
    ['supervisor cannot change a peer', user('supervisor'), member('supervisor'), 'agent', false],
    ['agent changes nobody', user('agent'), member('viewer'), 'viewer', false],
    ['the operator grants admin', user('super_admin', { superAdmin: true }), member('agent'), 'admin', true],
    [
      'an admin cannot demote the operator holding an agent seat',
      user('admin'),
      member('agent', { superAdmin: true }),
      'viewer',
      false,
    ],
    ['an API key has no rank', apiKey, member('viewer'), 'agent', false],
  ];
  for (const [title, actor, subject, role, allowed] of cases) {
    test(title, () => {
      assert.equal(can(actor, 'member:change_role', { member: subject, role }), allowed);
    });
  }

  test('authorize throws 403 with the reason the policy gives', () => {
    assert.throws(
      () => authorize(user('admin'), 'member:change_role', { member: member('admin'), role: 'agent' }),
      (error: unknown) =>
        error instanceof AppError && error.statusCode === 403 && /ranking below you/.test(error.message),
    );
  });
});

describe('policy member:end_sessions', () => {
  const owner = (
    memberships: SessionOwnerSubject['memberships'],
    options: { id?: string; superAdmin?: boolean } = {},
  ): SessionOwnerSubject => ({
    userId: options.id ?? 'owner',
    isSuperAdmin: options.superAdmin ?? false,
    memberships,
  });
  const cases: [string, Actor, SessionOwnerSubject, boolean][] = [
    [
      'admin ends an agent of their only account',
      user('admin'),
      owner([{ accountId: ACCOUNT, role: 'agent', actorRole: 'admin' }]),
      true,
    ],
    [
      'admin of both accounts ends a member of both',
      user('admin'),
      owner([
        { accountId: ACCOUNT, role: 'agent', actorRole: 'admin' },
        { accountId: OTHER_ACCOUNT, role: 'supervisor', actorRole: 'admin' },
      ]),
      true,
    ],
    [
      'admin cannot end a member who also belongs to an account they are not in',
      user('admin'),
      owner([
        { accountId: ACCOUNT, role: 'agent', actorRole: 'admin' },
        { accountId: OTHER_ACCOUNT, role: 'admin', actorRole: undefined },
      ]),
      false,
    ],
    [
      'admin cannot end a member who is their peer in another account',
      user('admin'),
      owner([
        { accountId: ACCOUNT, role: 'agent', actorRole: 'admin' },
        { accountId: OTHER_ACCOUNT, role: 'admin', actorRole: 'admin' },
      ]),
      false,
    ],
    [
      'a supervisor elsewhere does not count as administering that account',
      user('admin'),
      owner([
        { accountId: ACCOUNT, role: 'agent', actorRole: 'admin' },
        { accountId: OTHER_ACCOUNT, role: 'viewer', actorRole: 'supervisor' },
      ]),
      false,
    ],
    [
      'admin cannot end a peer admin',
      user('admin'),
      owner([{ accountId: ACCOUNT, role: 'admin', actorRole: 'admin' }]),
      false,
    ],
    [
      "admin cannot end the operator's sessions",
      user('admin'),
      owner([{ accountId: ACCOUNT, role: 'agent', actorRole: 'admin' }], { superAdmin: true }),
      false,
    ],
    [
      'anyone ends their own sessions',
      user('agent', { id: 'me' }),
      owner([{ accountId: ACCOUNT, role: 'agent', actorRole: 'agent' }], { id: 'me' }),
      true,
    ],
    [
      'the operator ends anyone',
      user('super_admin', { superAdmin: true }),
      owner([{ accountId: OTHER_ACCOUNT, role: 'admin', actorRole: undefined }]),
      true,
    ],
    [
      'an API key ends nobody',
      apiKey,
      owner([{ accountId: ACCOUNT, role: 'viewer', actorRole: undefined }]),
      false,
    ],
  ];
  for (const [title, actor, subject, allowed] of cases) {
    test(title, () => {
      assert.equal(can(actor, 'member:end_sessions', subject), allowed);
    });
  }
});

describe('policy api_key:revoke', () => {
  const cases: [string, Actor, { id: string; accountId: number }, boolean][] = [
    ['admin revokes a key of the account they act in', user('admin'), { id: 'k', accountId: ACCOUNT }, true],
    [
      "admin cannot revoke another account's key",
      user('admin'),
      { id: 'k', accountId: OTHER_ACCOUNT },
      false,
    ],
    ['supervisor cannot revoke keys', user('supervisor'), { id: 'k', accountId: ACCOUNT }, false],
    [
      'the operator revokes',
      user('super_admin', { superAdmin: true }),
      { id: 'k', accountId: ACCOUNT },
      true,
    ],
    ['an API key cannot revoke keys', apiKey, { id: 'k', accountId: ACCOUNT }, false],
  ];
  for (const [title, actor, subject, allowed] of cases) {
    test(title, () => {
      assert.equal(can(actor, 'api_key:revoke', subject), allowed);
    });
  }
});

describe('policy conversation:read', () => {
  const inbox = (chatwootInboxId: number, actorInboxIds: number[], accountId = ACCOUNT) => ({
    accountId,
    chatwootInboxId,
    actorInboxIds,
  });
  const cases: [string, Actor, ReturnType<typeof inbox>, boolean][] = [
    ['an admin sees conversations of every inbox', user('admin'), inbox(7, []), true],
    ['the operator sees every conversation', user('super_admin', { superAdmin: true }), inbox(7, []), true],
    ['an agent sees conversations of an inbox they are a member of', user('agent'), inbox(7, [3, 7]), true],
    ['an agent does not see conversations of other inboxes', user('agent'), inbox(7, [3]), false],
    ['a supervisor follows inbox membership too', user('supervisor'), inbox(7, [3]), false],
    ['a viewer who is an inbox member sees its conversations', user('viewer'), inbox(7, [7]), true],
    [
      "an admin does not see another account's conversation",
      user('admin'),
      inbox(7, [7], OTHER_ACCOUNT),
      false,
    ],
    ['an API key never reads conversations through this rule', apiKey, inbox(7, [7]), false],
  ];
  for (const [title, actor, subject, allowed] of cases) {
    test(title, () => {
      assert.equal(can(actor, 'conversation:read', subject), allowed);
    });
  }
});

describe('chat policies', () => {
  const room = (kind: ChatRoomKind, memberRole: ChatMemberRole, accountId = ACCOUNT): ChatRoomSubject => ({
    accountId,
    kind,
    memberRole,
  });
  const message = (authorId: string | null, memberRole: ChatMemberRole, kind: 'user' | 'system' = 'user') =>
    ({ accountId: ACCOUNT, kind, authorId, memberRole }) satisfies ChatMessageSubject;

  test('a room is managed by its owner and moderators, and by account administrators; never a DM', () => {
    assert.equal(can(user('agent'), 'chat_room:manage', room('team', 'owner')), true);
    assert.equal(can(user('agent'), 'chat_room:manage', room('team', 'moderator')), true);
    assert.equal(can(user('supervisor'), 'chat_room:manage', room('team', 'member')), false);
    assert.equal(can(user('admin'), 'chat_room:manage', room('team', 'member')), true);
    assert.equal(can(user('agent', { superAdmin: true }), 'chat_room:manage', room('team', 'member')), true);
    assert.equal(can(user('admin'), 'chat_room:manage', room('dm', 'owner')), false);
    assert.equal(can(user('admin'), 'chat_room:manage', room('team', 'owner', OTHER_ACCOUNT)), false);
    assert.equal(can(apiKey, 'chat_room:manage', room('team', 'owner')), false);
  });

  test('roles in a room are changed by its owner or an administrator, not by moderators', () => {
    assert.equal(can(user('agent'), 'chat_room:change_member_role', room('team', 'owner')), true);
    assert.equal(can(user('agent'), 'chat_room:change_member_role', room('team', 'moderator')), false);
    assert.equal(can(user('admin'), 'chat_room:change_member_role', room('team', 'member')), true);
    assert.equal(can(user('admin'), 'chat_room:change_member_role', room('dm', 'member')), false);
  });

  test('only the author edits; the author, room moderators and administrators delete; system messages stay', () => {
    const me = user('agent', { id: 'me' });
    assert.equal(can(me, 'chat_message:edit', message('me', 'member')), true);
    assert.equal(can(me, 'chat_message:edit', message('other', 'owner')), false);
    assert.equal(can(user('admin'), 'chat_message:edit', message('other', 'owner')), false);
    assert.equal(can(me, 'chat_message:delete', message('me', 'member')), true);
    assert.equal(can(me, 'chat_message:delete', message('other', 'member')), false);
    assert.equal(can(me, 'chat_message:delete', message('other', 'moderator')), true);
    assert.equal(can(user('admin'), 'chat_message:delete', message('other', 'member')), true);
    assert.equal(can(user('admin'), 'chat_message:delete', message(null, 'owner', 'system')), false);
    assert.equal(can(me, 'chat_message:edit', message(null, 'owner', 'system')), false);
    assert.throws(
      () => authorize(me, 'chat_message:delete', message('other', 'member')),
      (error) => error instanceof AppError && error.statusCode === 403 && /moderators/.test(error.message),
    );
  });
});
