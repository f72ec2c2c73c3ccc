import type { ChatRoom, Role } from '@whatpro/contracts';
import { roleCan } from '@whatpro/contracts';

export interface RoomRights {
  /** Rename, archive, add and remove members. */
  manage: boolean;
  /** Make someone owner, moderator or member. */
  changeRoles: boolean;
}

/**
 * What the caller may do in a room, so the details pane offers only what the server will accept. The
 * same rules as the server's `chat_room:manage` and `chat_room:change_member_role` policies: the room's
 * owner (and for managing, its moderators) or an account administrator; never in a DM; and only for
 * roles that may write in the chat at all.
 */
export function roomRights(accountRole: Role | null, room: Pick<ChatRoom, 'kind' | 'my_role'>): RoomRights {
  if (accountRole === null || room.kind === 'dm' || !roleCan(accountRole, 'chat:write:account')) {
    return { manage: false, changeRoles: false };
  }
  const admin = accountRole === 'admin' || accountRole === 'super_admin';
  return {
    manage: admin || room.my_role !== 'member',
    changeRoles: admin || room.my_role === 'owner',
  };
}
