export type NotificationLevel = 'all' | 'mentions' | 'none';

export interface NotificationDecision {
  /** Who sent it; null for system messages, which never notify. */
  authorId: string | null;
  selfId: string;
  /** The message @mentions the reader. */
  mentionsMe: boolean;
  muted: boolean;
  level: NotificationLevel;
  /** The Hub's page is visible and has focus: the reader sees the message arrive, no notification needed. */
  hubFocused: boolean;
}

/**
 * A desktop notification only when the reader is elsewhere, and only as their settings for the room allow:
 * muted or `none` never, `mentions` for an @mention, `all` for every message from someone else.
 */
export function shouldNotify(decision: NotificationDecision): boolean {
  if (decision.hubFocused || decision.authorId === null || decision.authorId === decision.selfId)
    return false;
  if (decision.muted || decision.level === 'none') return false;
  return decision.level === 'all' || decision.mentionsMe;
}

/** The page is in front of the reader: visible and focused (a visible but unfocused Chatwoot tab counts as away). */
export function hubHasFocus(doc: Document = document): boolean {
  return doc.visibilityState === 'visible' && doc.hasFocus();
}

const PREVIEW_LENGTH = 140;

/** Notification text: markup characters stripped and long messages cut, so the desktop shows plain words. */
export function notificationBody(body: string): string {
  const plain = body
    .replace(/```[\s\S]*?```/g, '…')
    .replace(/[*_`~>#]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > PREVIEW_LENGTH ? `${plain.slice(0, PREVIEW_LENGTH - 1)}…` : plain;
}

export interface DesktopNotifier {
  permission(): NotificationPermission | 'unsupported';
  requestPermission(): Promise<NotificationPermission | 'unsupported'>;
  show(input: { title: string; body: string; tag: string; onClick: () => void }): void;
}

/** The browser's Notification API; `unsupported` where it does not exist (some embedded browsers). */
export function browserNotifier(win: Window & typeof globalThis = window): DesktopNotifier {
  const api = 'Notification' in win ? win.Notification : null;
  return {
    permission: () => (api ? api.permission : 'unsupported'),
    requestPermission: async () => (api ? api.requestPermission() : 'unsupported'),
    show({ title, body, tag, onClick }) {
      if (api?.permission !== 'granted') return;
      // One notification per room: a newer message replaces the older one instead of stacking.
      const notification = new api(title, { body, tag });
      notification.onclick = () => {
        win.focus();
        onClick();
        notification.close();
      };
    },
  };
}
