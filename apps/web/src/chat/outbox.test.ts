import type { ChatMessage } from '@whatpro/contracts';
import { describe, expect, it, vi } from 'vitest';
import { ANA, ROOM_1, sampleMessage } from './fixtures';
import { createOutbox, type OutgoingMessage } from './outbox';

const outgoing: OutgoingMessage = {
  room_id: ROOM_1,
  body: 'olá',
  reply_to: null,
  conversation_display_id: null,
  attachment_ids: [],
};

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('createOutbox', () => {
  it('shows the message at once and hands the confirmed one over when the server answers', async () => {
    const reply = deferred<ChatMessage>();
    const onSent = vi.fn();
    const outbox = createOutbox({
      authorId: ANA,
      send: () => reply.promise,
      onSent,
      newClientId: () => 'c1',
    });

    outbox.submit(outgoing);
    expect(outbox.getSnapshot()).toMatchObject([
      { client_id: 'c1', status: 'sending', author_id: ANA, body: 'olá' },
    ]);

    const confirmed = sampleMessage(7, { client_id: 'c1', author_id: ANA });
    reply.resolve(confirmed);
    await vi.waitFor(() => expect(outbox.getSnapshot()).toEqual([]));
    expect(onSent).toHaveBeenCalledWith(confirmed);
  });

  it('marks a failed send and retries it with the same client id, so the server keeps one message', async () => {
    const attempts: string[] = [];
    let fail = true;
    const outbox = createOutbox({
      authorId: ANA,
      send: async (clientId) => {
        attempts.push(clientId);
        if (fail) throw new Error('offline');
        return sampleMessage(8, { client_id: clientId });
      },
      onSent: () => undefined,
      newClientId: () => 'c2',
    });

    outbox.submit(outgoing);
    await vi.waitFor(() => expect(outbox.getSnapshot()[0]?.status).toBe('failed'));

    fail = false;
    outbox.retry('c2');
    expect(outbox.getSnapshot()[0]?.status).toBe('sending');
    await vi.waitFor(() => expect(outbox.getSnapshot()).toEqual([]));
    expect(attempts).toEqual(['c2', 'c2']);
  });

  it('forgets a discarded failure and tells listeners about every change', async () => {
    const listener = vi.fn();
    const outbox = createOutbox({
      authorId: ANA,
      send: async () => {
        throw new Error('refused');
      },
      onSent: () => undefined,
      newClientId: () => 'c3',
    });
    outbox.subscribe(listener);
    outbox.submit(outgoing);
    await vi.waitFor(() => expect(outbox.getSnapshot()[0]?.status).toBe('failed'));
    outbox.discard('c3');
    expect(outbox.getSnapshot()).toEqual([]);
    expect(listener).toHaveBeenCalledTimes(3);
  });
});
