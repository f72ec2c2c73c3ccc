import type { issueInstanceTokenSchema } from '@whatpro/contracts';
import type { ChatwootSession } from './cookie';

type IssueInstanceTokenRequest = ReturnType<typeof issueInstanceTokenSchema.parse>;

export type TokenResult =
  | { kind: 'token'; token: string }
  /** The Hub is down or overloaded: worth asking again later. */
  | { kind: 'retry' }
  /** Chatwoot refused the session or the agent is not in the account: asking again will not help. */
  | { kind: 'refused'; status: number };

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
  if (!response.ok)
    return isRetryable(response.status) ? { kind: 'retry' } : { kind: 'refused', status: response.status };
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
