import type { ChatRoom, ChatRoomBase } from '@whatpro/contracts';
import { localDay } from './timeline';

/** A DM is named after the other person; other rooms by their own name. */
export function roomTitle(
  room: Pick<ChatRoomBase, 'name' | 'kind'> & { dm_user?: ChatRoom['dm_user'] },
  fallback: string,
): string {
  if (room.kind === 'dm') return room.dm_user?.name ?? room.name ?? fallback;
  return room.name ?? fallback;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return `${parts[0]?.[0] ?? ''}${parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : ''}`.toUpperCase();
}

/** Today: the time; this year: day and month; before: the full date. */
export function shortTime(iso: string, locale: string, now = new Date()): string {
  const date = new Date(iso);
  if (localDay(date) === localDay(now)) {
    return date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  }
  if (date.getFullYear() === now.getFullYear()) {
    return date.toLocaleDateString(locale, { day: '2-digit', month: 'short' });
  }
  return date.toLocaleDateString(locale, { day: '2-digit', month: '2-digit', year: 'numeric' });
}

export function clockTime(iso: string, locale: string): string {
  return new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

export function dayLabel(
  date: Date,
  locale: string,
  labels: { today: string; yesterday: string },
  now = new Date(),
): string {
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (localDay(date) === localDay(now)) return labels.today;
  if (localDay(date) === localDay(yesterday)) return labels.yesterday;
  return date.toLocaleDateString(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

export function fileSize(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

/** A signed link is reused until shortly before it expires, so an image never loads from a dead link. */
const SIGNED_LINK_MARGIN_MS = 30_000;

/** How long a signed download link may still be handed out (milliseconds, 0 once it must be renewed). */
export function signedLinkFreshFor(link: { url_expires_at: string }, now: number): number {
  return Math.max(0, Date.parse(link.url_expires_at) - now - SIGNED_LINK_MARGIN_MS);
}
