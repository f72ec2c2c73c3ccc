import { describe, expect, it, vi } from 'vitest';
import { browserNotifier, type NotificationDecision, notificationBody, shouldNotify } from './notifications';

const base: NotificationDecision = {
  authorId: 'bruno',
  selfId: 'ana',
  mentionsMe: false,
  muted: false,
  level: 'all',
  hubFocused: false,
};

describe('shouldNotify', () => {
  it('notifies a message from someone else while the Hub is not focused', () => {
    expect(shouldNotify(base)).toBe(true);
  });

  it('stays quiet while the Hub is focused, for my own messages and for system messages', () => {
    expect(shouldNotify({ ...base, hubFocused: true })).toBe(false);
    expect(shouldNotify({ ...base, authorId: 'ana' })).toBe(false);
    expect(shouldNotify({ ...base, authorId: null })).toBe(false);
  });

  it('respects mute and the notification level', () => {
    expect(shouldNotify({ ...base, muted: true, mentionsMe: true })).toBe(false);
    expect(shouldNotify({ ...base, level: 'none', mentionsMe: true })).toBe(false);
    expect(shouldNotify({ ...base, level: 'mentions' })).toBe(false);
    expect(shouldNotify({ ...base, level: 'mentions', mentionsMe: true })).toBe(true);
  });
});

describe('notificationBody', () => {
  it('strips Markdown and cuts long text', () => {
    expect(notificationBody('**olha** [isto](https://x.example) `agora`')).toBe('olha isto agora');
    expect(notificationBody('a'.repeat(300))).toHaveLength(140);
  });
});

describe('browserNotifier', () => {
  it('shows one notification per room tag only when permission was granted, and a click opens the room', () => {
    const created: {
      title: string;
      options: NotificationOptions;
      instance: { onclick: (() => void) | null; close: () => void };
    }[] = [];
    class FakeNotification {
      static permission: NotificationPermission = 'default';
      static requestPermission = vi.fn(async () => 'granted' as NotificationPermission);
      onclick: (() => void) | null = null;
      close = vi.fn();
      constructor(title: string, options: NotificationOptions) {
        created.push({ title, options, instance: this });
      }
    }
    const win = { Notification: FakeNotification, focus: vi.fn() } as unknown as Window & typeof globalThis;
    const notifier = browserNotifier(win);
    const onClick = vi.fn();

    notifier.show({ title: 'Bruno', body: 'oi', tag: 'room-1', onClick });
    expect(created).toHaveLength(0);

    FakeNotification.permission = 'granted';
    notifier.show({ title: 'Bruno', body: 'oi', tag: 'room-1', onClick });
    expect(created[0]?.options).toEqual({ body: 'oi', tag: 'room-1' });
    created[0]?.instance.onclick?.();
    expect(win.focus).toHaveBeenCalled();
    expect(onClick).toHaveBeenCalled();
  });

  it('says unsupported where the browser has no Notification API', async () => {
    const notifier = browserNotifier({} as Window & typeof globalThis);
    expect(notifier.permission()).toBe('unsupported');
    await expect(notifier.requestPermission()).resolves.toBe('unsupported');
  });
});
