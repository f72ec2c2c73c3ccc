/**
 * The realtime event map: every channel on the event bus and the shape of what travels on it. Events
 * are published after the transaction that caused them commits.
 */
export const channels = {
  /** Sessions that ended (logout, revocation, refresh reuse): every node closes their sockets. */
  sessionsRevoked: 'hub:sessions.revoked',
  /**
   * Events for named users of one account (chat messages, board changes): every node hands each event
   * to the open sockets and streams of those users in that account. The publisher decides the audience
   * at commit time, so a member removed from a room, or an agent who may not see a card's inbox, is
   * simply not in the list.
   */
  userEvents: 'hub:user-events',
  /** Events for everyone connected to one account (presence): every node hands them to all its sockets there. */
  accountEvents: 'hub:account-events',
} as const;

export interface SessionsRevokedEvent {
  session_ids: string[];
}

/** What travels on `channels.userEvents`; `event` is one of the typed realtime events of `@whatpro/contracts`. */
export interface UserEventsMessage {
  account_id: number;
  user_ids: string[];
  event: { type: string } & Record<string, unknown>;
}

/** What travels on `channels.accountEvents`. */
export interface AccountEventsMessage {
  account_id: number;
  event: { type: string } & Record<string, unknown>;
}
