import type { embedSessionCheckSchema, issueInstanceTokenSchema } from '@whatpro/contracts';
import type { ChatwootSession } from './cookie';
import type { TokenRefusalReason } from './protocol';

type IssueInstanceTokenRequest = ReturnType<typeof issueInstanceTokenSchema.parse>;
type SessionCheckRequest = ReturnType<typeof embedSessionCheckSchema.parse>;

export type TokenResult =
  | { kind: 'token'; token: string }
  /** The Hub is down or overloaded: worth asking again later. */
  | { kind: 'retry' }
  /**
   * Chatwoot refused the session, the agent is not in the account, or (`reason`) Chatwoot suspended it:
   * asking again will not help.
   */
  | { kind: 'refused'; status: number; reason?: TokenRefusalReason };

function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** `POST {hub}/api/v1/instance-tokens`: a short-lived, single-use token for the agent in this account. */
export async function requestInstanceToken(
  fetchImpl: typeof fetch,
  hubOrigin: string,
  session: ChatwootSession,
  accountId: number,
): Promise<TokenResult> {
  const body: IssueInstanceTokenRequest = { chatwoot: session, account_id: accountId };
  let response: Response;
  try {
    response = await fetchImpl(`${hubOrigin}/api/v1/instance-tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      mode: 'cors',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    return { kind: 'retry' };
  }
  if (isRetryable(response.status)) return { kind: 'retry' };
  if (!response.ok) {
    const code = await response
      .json()
      .then((data: { error?: { code?: unknown } } | null) => data?.error?.code)
      .catch(() => undefined);
    return code === 'account_suspended'
      ? { kind: 'refused', status: response.status, reason: code }
      : { kind: 'refused', status: response.status };
  }
  try {
    const data: unknown = await response.json();
    const token = (data as { instance_token?: unknown } | null)?.instance_token;
    return typeof token === 'string' && token.startsWith('whi_')
      ? { kind: 'token', token }
      : { kind: 'retry' };
  } catch {
    return { kind: 'retry' };
  }
}

/** `ended`: the browser's Hub session belonged to someone else (or Chatwoot has none) and is gone now. */
export type SessionCheck = 'none' | 'kept' | 'ended' | 'failed';

/**
 * `POST {hub}/api/v1/instance-tokens/session-check` with the Hub's cookie: the Hub ends its session in this
 * browser unless it belongs to the Chatwoot user of this page (and reaches this account).
 */
export async function checkHubSession(
  fetchImpl: typeof fetch,
  hubOrigin: string,
  chatwootUid: string | null,
  accountId: number | null,
): Promise<SessionCheck> {
  const body: SessionCheckRequest = { chatwoot_uid: chatwootUid, account_id: accountId };
  try {
    const response = await fetchImpl(`${hubOrigin}/api/v1/instance-tokens/session-check`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Whatpro-Csrf': '1' },
      body: JSON.stringify(body),
      credentials: 'include',
      mode: 'cors',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
    if (!response.ok) return 'failed';
    const result = ((await response.json()) as { hub_session?: unknown } | null)?.hub_session;
    return result === 'none' || result === 'kept' || result === 'ended' ? result : 'failed';
  } catch {
    return 'failed';
  }
}

/** Why the panel's Hub never said `ready`: `refused` when it answers but does not accept this page. */
export type FramingDiagnosis = 'refused' | 'unknown';

const LOOPBACK = /^(https?:\/\/)(?:localhost|127\.0\.0\.1)(:\d+)?$/;

/** `localhost` and `127.0.0.1` name the same machine; a development Hub accepts both. */
function sameOrigin(a: string, b: string): boolean {
  const loopbackA = LOOPBACK.exec(a);
  const loopbackB = LOOPBACK.exec(b);
  if (loopbackA && loopbackB) return loopbackA[1] === loopbackB[1] && loopbackA[2] === loopbackB[2];
  return a === b;
}

/**
 * Asks the Hub which Chatwoot it serves. A CORS refusal and a Hub that is down both fail the same way;
 * a request the page cannot read (`no-cors`) still tells them apart: it fails only when nothing answers.
 */
export async function diagnoseFraming(
  fetchImpl: typeof fetch,
  hubOrigin: string,
  pageOrigin: string,
): Promise<FramingDiagnosis> {
  const init: RequestInit = { credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' };
  try {
    const response = await fetchImpl(`${hubOrigin}/api/v1/platform-app/config`, { ...init, mode: 'cors' });
    if (!response.ok) return 'unknown';
    const origin = ((await response.json()) as { chatwoot_origin?: unknown } | null)?.chatwoot_origin;
    return typeof origin === 'string' && !sameOrigin(origin, pageOrigin) ? 'refused' : 'unknown';
  } catch {
    try {
      // The script's own file: the one Hub response any page may load (CORP cross-origin).
      await fetchImpl(`${hubOrigin}/embed.js`, { ...init, mode: 'no-cors', method: 'HEAD' });
      return 'refused';
    } catch {
      return 'unknown';
    }
  }
}
