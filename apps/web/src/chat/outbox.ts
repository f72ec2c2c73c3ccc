import type { ChatMessage } from '@whatpro/contracts';

export interface OutgoingMessage {
  room_id: string;
  body: string;
  reply_to: ChatMessage['reply_to'];
  conversation_display_id: number | null;
  attachment_ids: string[];
}

/** A message shown at once, before the server has it; `failed` ones wait for the author to retry or discard. */
export interface PendingMessage extends OutgoingMessage {
  client_id: string;
  author_id: string;
  created_at: string;
  status: 'sending' | 'failed';
  error: unknown;
}

export interface Outbox {
  submit(message: OutgoingMessage): string;
  retry(clientId: string): void;
  discard(clientId: string): void;
  subscribe(listener: () => void): () => void;
  /** Every pending message, in the order written; a new array after each change. */
  getSnapshot(): readonly PendingMessage[];
}

/**
 * Optimistic sending. Each message gets its client id once, and a retry sends the same id, so the server
 * stores one message however many times the network made us try. A message leaves the outbox when the
 * server confirms it; `onSent` puts the confirmed message where the history shows it.
 */
export function createOutbox(options: {
  authorId: string;
  send: (clientId: string, message: OutgoingMessage) => Promise<ChatMessage>;
  onSent: (message: ChatMessage) => void;
  newClientId?: () => string;
  now?: () => Date;
}): Outbox {
  const listeners = new Set<() => void>();
  let pending: readonly PendingMessage[] = [];
  const newClientId = options.newClientId ?? (() => `web-${crypto.randomUUID()}`);
  const now = options.now ?? (() => new Date());

  function set(next: readonly PendingMessage[]): void {
    pending = next;
    for (const listener of listeners) listener();
  }

  function update(clientId: string, patch: Partial<PendingMessage>): void {
    set(pending.map((message) => (message.client_id === clientId ? { ...message, ...patch } : message)));
  }

  function attempt(message: PendingMessage): void {
    options.send(message.client_id, message).then(
      (sent) => {
        // Discarded while in flight: the server has it anyway, so it still reaches the history.
        set(pending.filter((entry) => entry.client_id !== message.client_id));
        options.onSent(sent);
      },
      (error: unknown) => {
        if (pending.some((entry) => entry.client_id === message.client_id)) {
          update(message.client_id, { status: 'failed', error });
        }
      },
    );
  }

  return {
    submit(message) {
      const entry: PendingMessage = {
        ...message,
        client_id: newClientId(),
        author_id: options.authorId,
        created_at: now().toISOString(),
        status: 'sending',
        error: null,
      };
      set([...pending, entry]);
      attempt(entry);
      return entry.client_id;
    },
    retry(clientId) {
      const entry = pending.find((message) => message.client_id === clientId);
      if (entry?.status !== 'failed') return;
      update(clientId, { status: 'sending', error: null });
      attempt(entry);
    },
    discard(clientId) {
      set(pending.filter((message) => message.client_id !== clientId));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => pending,
  };
}
