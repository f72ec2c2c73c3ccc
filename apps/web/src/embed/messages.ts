import { type ParentToFrameMessage, parentToFrameMessageSchema } from '@whatpro/contracts';
import { z } from 'zod';

/** Why a message was dropped; counted and logged, never acted on. */
export type IgnoredReason = 'not-configured' | 'origin' | 'source' | 'schema' | 'nonce';

export type Acceptance<T> = { ok: true; message: T } | { ok: false; reason: IgnoredReason };

/** Who may talk to this page: the tenant's Chatwoot origin, and only through the window that frames us. */
export interface TrustedParent {
  chatwootOrigin: string | null;
  /** `window.parent`, or null when the page is not framed (then nobody is trusted). */
  parent: MessageEventSource | null;
}

type IncomingMessage = Pick<MessageEvent, 'origin' | 'source' | 'data'>;

/** Chatwoot's Dashboard App refresh request; it must be exactly this string. */
export const FETCH_INFO_MESSAGE = 'chatwoot-dashboard-app:fetch-info';
const MAX_APP_CONTEXT_LENGTH = 2_000_000;

/**
 * Chatwoot's `appContext` (Frame.vue), reduced to what the Hub uses. It is context only: `currentAgent`
 * is deliberately not part of the schema, so it is dropped and can never decide who is signed in.
 */
export const appContextSchema = z.object({
  event: z.literal('appContext'),
  data: z.object({
    conversation: z
      .object({
        id: z.number().int().positive(),
        account_id: z.number().int().positive().optional(),
        status: z.string().max(40).optional(),
        meta: z.object({ sender: z.object({ name: z.string().max(255).nullish() }).nullish() }).nullish(),
      })
      .nullish(),
    theme: z.enum(['light', 'dark']).optional(),
  }),
});
export type AppContext = z.infer<typeof appContextSchema>['data'];

function checkSender(event: IncomingMessage, trusted: TrustedParent): IgnoredReason | null {
  if (!trusted.chatwootOrigin) return 'not-configured';
  if (event.origin !== trusted.chatwootOrigin) return 'origin';
  if (trusted.parent === null || event.source !== trusted.parent) return 'source';
  return null;
}

/** A Dashboard Script message (`context`, `instance-token`): exact origin, the parent window, the contract. */
export function acceptParentMessage(
  event: IncomingMessage,
  trusted: TrustedParent,
): Acceptance<ParentToFrameMessage> {
  const refused = checkSender(event, trusted);
  if (refused) return { ok: false, reason: refused };
  const parsed = parentToFrameMessageSchema.safeParse(event.data);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, reason: 'schema' };
}

/** Chatwoot's `appContext`, a JSON string posted to '*': accepted only from the exact origin and parent. */
export function acceptAppContext(event: IncomingMessage, trusted: TrustedParent): Acceptance<AppContext> {
  const refused = checkSender(event, trusted);
  if (refused) return { ok: false, reason: refused };
  if (typeof event.data !== 'string' || event.data.length > MAX_APP_CONTEXT_LENGTH) {
    return { ok: false, reason: 'schema' };
  }
  let value: unknown;
  try {
    value = JSON.parse(event.data);
  } catch {
    return { ok: false, reason: 'schema' };
  }
  const parsed = appContextSchema.safeParse(value);
  return parsed.success ? { ok: true, message: parsed.data.data } : { ok: false, reason: 'schema' };
}

/** A fresh nonce for the `ready` handshake (24 random bytes, base64url: 32 characters). */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
