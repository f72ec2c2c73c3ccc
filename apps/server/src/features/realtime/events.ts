/**
 * The realtime event map: every channel on the event bus and the shape of what travels on it. Events
 * are published after the transaction that caused them commits.
 */
export const channels = {
  /** Sessions that ended (logout, revocation, refresh reuse): every node closes their sockets. */
  sessionsRevoked: 'hub:sessions.revoked',
} as const;

export interface SessionsRevokedEvent {
  session_ids: string[];
}
