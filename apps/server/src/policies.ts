import {
  type AccountRole,
  type ChatMemberRole,
  type ChatRoomKind,
  type Role,
  roleCan,
  roleRank,
} from '@whatpro/contracts';
import { forbidden } from './errors';
import type { Actor } from './features/auth/actor';

/**
 * Object-level authorization: may this actor do this to this particular thing? The permission table in
 * `@whatpro/contracts` is the route-level gate (may this role call this route at all); policies decide
 * about the object the route touches, once the service has loaded it. Each action names the shape of its
 * subject in `Subjects`; a new kind of object (rooms, messages, boards, cards) adds its actions there and
 * a rule in `rules`, and services call `authorize` with the loaded object.
 */

/** A member of the account the actor is acting in. */
export interface MemberSubject {
  userId: string;
  role: AccountRole;
  isSuperAdmin: boolean;
}

/**
 * A user whose sessions would end. Sessions belong to the user, not to an account, so ending them signs
 * the user out of every account they belong to: the subject lists each membership with the actor's own
 * role in that account (undefined when the actor is not a member there).
 */
export interface SessionOwnerSubject {
  userId: string;
  isSuperAdmin: boolean;
  memberships: { accountId: number; role: AccountRole; actorRole: AccountRole | undefined }[];
}

export interface ApiKeySubject {
  id: string;
  accountId: number;
}

/**
 * A conversation as Chatwoot scopes it: by inbox. `actorInboxIds` are the Chatwoot inboxes the acting
 * user is a member of in this account (from the synced inbox members).
 */
export interface ConversationSubject {
  accountId: number;
  chatwootInboxId: number;
  actorInboxIds: readonly number[];
}

/** A chat room as the acting user belongs to it (rooms are not found for non-members). */
export interface ChatRoomSubject {
  accountId: number;
  kind: ChatRoomKind;
  /** The actor's role in the room. */
  memberRole: ChatMemberRole;
}

/** A chat message, with the acting user's role in its room. */
export interface ChatMessageSubject {
  accountId: number;
  kind: 'user' | 'system';
  authorId: string | null;
  memberRole: ChatMemberRole;
}

/**
 * A Kanban card as Chatwoot scopes its conversation: by inbox (`inboxId`, null for a free card, which
 * every reader of the board sees). `actorInboxIds` as for conversations.
 */
export interface CardSubject {
  accountId: number;
  inboxId: number | null;
  actorInboxIds: readonly number[];
}

export interface Subjects {
  'member:change_role': { member: MemberSubject; role: AccountRole };
  'member:end_sessions': SessionOwnerSubject;
  'api_key:revoke': ApiKeySubject;
  'conversation:read': ConversationSubject;
  'card:read': CardSubject;
  'card:override_wip_limit': { accountId: number };
  'chat_room:manage': ChatRoomSubject;
  'chat_room:change_member_role': ChatRoomSubject;
  'chat_message:edit': ChatMessageSubject;
  'chat_message:delete': ChatMessageSubject;
}
export type PolicyAction = keyof Subjects;

type UserActor = Extract<Actor, { type: 'user' }>;
/** Undefined when allowed; otherwise why not, in words the caller can show. */
type Rule<S> = (actor: Actor, subject: S) => string | undefined;

/** The installation operator outranks every account role wherever they act or are acted on. */
const rankOf = (role: Role | undefined, isSuperAdmin: boolean) =>
  isSuperAdmin ? roleRank.super_admin : role ? roleRank[role] : 0;

const NEEDS_USER = 'This needs a user session, not an API key';

const actingUser = (actor: Actor): UserActor | undefined => (actor.type === 'user' ? actor : undefined);

/** Account administrators (and the operator) moderate every chat room they are in. */
const isAccountAdmin = (user: UserActor) =>
  user.isSuperAdmin || user.role === 'admin' || user.role === 'super_admin';

/** The chat room checks every chat rule starts with; undefined when the user may go on. */
function chatRoomDenial(actor: Actor, subject: { accountId: number }): string | undefined {
  const user = actingUser(actor);
  if (!user) return NEEDS_USER;
  if (!user.isSuperAdmin && user.accountId !== subject.accountId)
    return 'This room belongs to another account';
  return undefined;
}

const rules: { [A in PolicyAction]: Rule<Subjects[A]> } = {
  /**
   * Vertical escalation guard (S-AZ-4): nobody changes their own role; the member must rank strictly
   * below the actor, and so must the role granted, so a change never creates a peer the actor could not
   * undo.
   */
  'member:change_role': (actor, { member, role }) => {
    const user = actingUser(actor);
    if (!user?.role) return NEEDS_USER;
    if (!user.isSuperAdmin && !roleCan(user.role, 'members:update_role:account')) {
      return 'Your role cannot change roles';
    }
    if (member.userId === user.userId) return 'You cannot change your own role';
    const actorRank = rankOf(user.role, user.isSuperAdmin);
    if (rankOf(member.role, member.isSuperAdmin) >= actorRank) {
      return 'You can only change the role of members ranking below you';
    }
    if (roleRank[role] >= actorRank) return `You cannot grant the role ${role}`;
    return undefined;
  },

  /**
   * Ending someone's sessions signs them out of every account, so the actor must outrank them in every
   * account they belong to, not only the one the request names; the operator outranks everyone, and
   * anyone may end their own sessions.
   */
  'member:end_sessions': (actor, owner) => {
    const user = actingUser(actor);
    if (!user) return NEEDS_USER;
    if (owner.userId === user.userId || user.isSuperAdmin) return undefined;
    if (owner.isSuperAdmin) return "You cannot end the installation operator's sessions";
    const outranked = owner.memberships.every(
      (membership) =>
        membership.actorRole !== undefined &&
        roleCan(membership.actorRole, 'sessions:revoke:account') &&
        roleRank[membership.actorRole] > roleRank[membership.role],
    );
    if (!outranked) {
      return 'You can only end the sessions of members ranking below you in every account they belong to';
    }
    return undefined;
  },

  /** A key is revoked from the account it belongs to, by someone who manages that account's keys. */
  'api_key:revoke': (actor, key) => {
    const user = actingUser(actor);
    if (!user) return NEEDS_USER;
    if (user.accountId !== key.accountId || !user.role) return 'This key belongs to another account';
    if (!roleCan(user.role, 'api_keys:manage:account')) return 'Your role cannot revoke API keys';
    return undefined;
  },

  /**
   * Who sees a conversation follows Chatwoot: administrators (and the operator) see every one of the
   * account; everyone else only those of inboxes they are a member of in Chatwoot.
   */
  'conversation:read': (actor, conversation) => {
    const user = actingUser(actor);
    if (!user) return NEEDS_USER;
    if (user.isSuperAdmin) return undefined;
    if (!user.role || user.accountId !== conversation.accountId)
      return 'This conversation belongs to another account';
    if (!roleCan(user.role, 'conversations:read:account')) return 'Your role cannot read conversations';
    if (user.role === 'admin') return undefined;
    if (conversation.actorInboxIds.includes(conversation.chatwootInboxId)) return undefined;
    return "Only members of this conversation's inbox in Chatwoot may see it";
  },

  /** A card follows its conversation's inbox; a free card is seen by every reader of the board. */
  'card:read': (actor, card) => {
    const user = actingUser(actor);
    if (!user) return NEEDS_USER;
    if (user.isSuperAdmin) return undefined;
    if (!user.role || user.accountId !== card.accountId) return 'This card belongs to another account';
    if (!roleCan(user.role, 'boards:read:account')) return 'Your role cannot read boards';
    if (user.role === 'admin' || card.inboxId === null) return undefined;
    if (card.actorInboxIds.includes(card.inboxId)) return undefined;
    return "Only members of this card's inbox in Chatwoot may see it";
  },

  /** A WIP limit binds everyone but administrators, who may knowingly move past it. */
  'card:override_wip_limit': (actor, board) => {
    const user = actingUser(actor);
    if (!user) return NEEDS_USER;
    if (user.isSuperAdmin) return undefined;
    if (user.accountId !== board.accountId || user.role !== 'admin') {
      return 'Only an administrator may move a card past a WIP limit';
    }
    return undefined;
  },

  /** Renaming, archiving and changing who is in a room: its owner and moderators, and account admins. */
  'chat_room:manage': (actor, room) => {
    const denied = chatRoomDenial(actor, room);
    if (denied) return denied;
    if (room.kind === 'dm') return 'A direct message has exactly its two people and no name';
    if (room.memberRole === 'owner' || room.memberRole === 'moderator') return undefined;
    if (isAccountAdmin(actor as UserActor)) return undefined;
    return "Only the room's owner, its moderators or an administrator may do this";
  },

  /** Making someone owner, moderator or member: the room's owner, and account admins. */
  'chat_room:change_member_role': (actor, room) => {
    const denied = chatRoomDenial(actor, room);
    if (denied) return denied;
    if (room.kind === 'dm') return 'A direct message has no roles';
    if (room.memberRole === 'owner' || isAccountAdmin(actor as UserActor)) return undefined;
    return "Only the room's owner or an administrator may change roles";
  },

  /** Only the author edits a message; what the system wrote stays as it is. */
  'chat_message:edit': (actor, message) => {
    const denied = chatRoomDenial(actor, message);
    if (denied) return denied;
    if (message.kind === 'system') return 'System messages cannot be edited';
    if (message.authorId !== (actor as UserActor).userId) return 'Only the author may edit a message';
    return undefined;
  },

  /** The author deletes their own; the room's owner and moderators, and account admins, anyone's. */
  'chat_message:delete': (actor, message) => {
    const denied = chatRoomDenial(actor, message);
    if (denied) return denied;
    if (message.kind === 'system') return 'System messages cannot be deleted';
    if (message.authorId === (actor as UserActor).userId) return undefined;
    if (message.memberRole === 'owner' || message.memberRole === 'moderator') return undefined;
    if (isAccountAdmin(actor as UserActor)) return undefined;
    return "Only the author, the room's moderators or an administrator may delete a message";
  },
};

function denial<A extends PolicyAction>(actor: Actor, action: A, subject: Subjects[A]): string | undefined {
  return (rules[action] as Rule<Subjects[A]>)(actor, subject);
}

export function can<A extends PolicyAction>(actor: Actor, action: A, subject: Subjects[A]): boolean {
  return denial(actor, action, subject) === undefined;
}

/** Throws 403 with the reason when the policy refuses. */
export function authorize<A extends PolicyAction>(actor: Actor, action: A, subject: Subjects[A]): void {
  const reason = denial(actor, action, subject);
  if (reason !== undefined) throw forbidden(reason);
}
