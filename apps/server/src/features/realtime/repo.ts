import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/database';
import { chatRoomMembers } from '../../db/schema';

/** The current members of a room of this account; empty when the room is not there (or has nobody). */
export async function roomMemberIds(tx: Tx, accountId: number, roomId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: chatRoomMembers.userId })
    .from(chatRoomMembers)
    .where(and(eq(chatRoomMembers.accountId, accountId), eq(chatRoomMembers.roomId, roomId)));
  return rows.map((row) => row.userId);
}
