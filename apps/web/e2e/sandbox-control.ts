import { type APIRequestContext, expect } from '@playwright/test';

/** The Chatwoot sandbox the e2e web servers start (playwright.config.ts). */
export const CHATWOOT = 'http://127.0.0.1:3101';

type Status = 'open' | 'pending' | 'resolved';

/** A new conversation in the sandbox's account 1, inbox 1, as Chatwoot would create it; returns its display id. */
export async function createSandboxConversation(
  request: APIRequestContext,
  conversation: { status: Status; contactName: string; message: string },
): Promise<number> {
  const created = await request.post(`${CHATWOOT}/__sandbox/control/createConversation`, {
    data: {
      accountId: 1,
      inboxId: 1,
      status: conversation.status,
      contact: { name: conversation.contactName },
      message: conversation.message,
    },
  });
  expect(created.ok(), await created.text()).toBe(true);
  return ((await created.json()) as { id: number }).id;
}

/** Changes a sandbox conversation's status, which sends Chatwoot's webhooks for it. */
export async function setSandboxStatus(request: APIRequestContext, displayId: number, status: Status) {
  const changed = await request.post(`${CHATWOOT}/__sandbox/control/setConversationStatus`, {
    data: { accountId: 1, displayId, status },
  });
  expect(changed.ok(), await changed.text()).toBe(true);
}
