export interface ChatwootRoute {
  accountId: number;
  /** The conversation's display id (what Chatwoot shows as #id), or null outside a conversation. */
  conversationDisplayId: number | null;
}

const MAX_ID = 2_147_483_647;

// conversation.routes.js: /app/accounts/:accountId[/inbox|label|team|custom_view/:x|/mentions|…]/conversations/:id
const CONVERSATION_PATH =
  /^\/app\/accounts\/(\d{1,10})\/(?:(?:inbox|label|team|custom_view)\/[^/]+\/|mentions\/|unattended\/|participating\/)?conversations\/(\d{1,10})(?:\/|$)/;
const ACCOUNT_PATH = /^\/app\/accounts\/(\d{1,10})(?:\/|$)/;

function positiveId(text: string | undefined): number | null {
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 && value <= MAX_ID ? value : null;
}

/**
 * Where the agent is in Chatwoot's dashboard, or null outside an account (the login page, password
 * reset, onboarding): the script only acts on account pages.
 */
export function parseChatwootRoute(pathname: string): ChatwootRoute | null {
  const conversation = CONVERSATION_PATH.exec(pathname);
  if (conversation) {
    const accountId = positiveId(conversation[1]);
    if (accountId === null) return null;
    return { accountId, conversationDisplayId: positiveId(conversation[2]) };
  }
  const account = ACCOUNT_PATH.exec(pathname);
  const accountId = account ? positiveId(account[1]) : null;
  return accountId === null ? null : { accountId, conversationDisplayId: null };
}

export function sameRoute(a: ChatwootRoute | null, b: ChatwootRoute | null): boolean {
  return a?.accountId === b?.accountId && a?.conversationDisplayId === b?.conversationDisplayId;
}

/** Chatwoot's sign-in, sign-up and password pages: the script stays completely out of them. */
export function isAuthPage(pathname: string): boolean {
  return /^\/app\/(?:login|auth)(?:\/|$)/.test(pathname);
}
