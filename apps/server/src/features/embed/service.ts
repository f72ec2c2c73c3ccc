import type { chatwootSessionSchema } from '@whatpro/contracts';
import type { z } from 'zod';
import { AppError, forbidden } from '../../errors';
import { ChatwootForbiddenError, ChatwootUnauthorizedError } from '../../integrations/chatwoot';
import { type AuditContext, recordAudit } from '../audit/service';
import type { AuthDependencies } from '../auth/service';

export const DASHBOARD_APP_TITLE = 'WhatPro Hub';

export function embedUrls(publicUrl: string) {
  const hubOrigin = new URL(publicUrl).origin;
  return { scriptUrl: `${hubOrigin}/embed.js`, dashboardAppUrl: `${hubOrigin}/embed/dashboard-app` };
}

/** What the installation's super admin pastes into Chatwoot's DASHBOARD_SCRIPTS. */
export function dashboardScriptSnippet(publicUrl: string) {
  const { scriptUrl, dashboardAppUrl } = embedUrls(publicUrl);
  return {
    snippet: `<script src="${scriptUrl}" async></script>`,
    script_url: scriptUrl,
    dashboard_app_url: dashboardAppUrl,
  };
}

/**
 * Installs (or repoints) the Hub as a Dashboard App in the Chatwoot account, acting with the admin's own
 * Chatwoot session: Chatwoot decides whether that person may manage the account's apps.
 */
export async function installDashboardApp(
  deps: AuthDependencies,
  accountId: number,
  session: z.infer<typeof chatwootSessionSchema>,
  context: AuditContext,
) {
  const { chatwoot, config, database } = deps;
  if (!chatwoot) throw new AppError(503, 'service_unavailable', 'No Chatwoot is configured for this Hub');
  const auth = {
    kind: 'devise' as const,
    accessToken: session.access_token,
    client: session.client,
    uid: session.uid,
  };
  const { dashboardAppUrl } = embedUrls(config.publicUrl);
  try {
    const apps = await chatwoot.listDashboardApps(auth, accountId);
    const existing = apps.find(
      (app) =>
        app.title === DASHBOARD_APP_TITLE || app.content.some((content) => content.url === dashboardAppUrl),
    );
    const installed = existing
      ? await chatwoot.updateDashboardApp(auth, accountId, existing.id, {
          title: DASHBOARD_APP_TITLE,
          url: dashboardAppUrl,
        })
      : await chatwoot.createDashboardApp(auth, accountId, {
          title: DASHBOARD_APP_TITLE,
          url: dashboardAppUrl,
        });
    const action = existing ? ('updated' as const) : ('created' as const);
    await database.tenant(accountId, (tx) =>
      recordAudit(tx, context, {
        accountId,
        action: `embed.dashboard_app_${action}`,
        resourceType: 'chatwoot_dashboard_app',
        resourceId: String(installed.id),
        newValues: { url: dashboardAppUrl },
      }),
    );
    return { dashboard_app_id: installed.id, title: installed.title, url: dashboardAppUrl, action };
  } catch (error) {
    if (error instanceof ChatwootUnauthorizedError || error instanceof ChatwootForbiddenError) {
      throw forbidden('Chatwoot did not let this session manage the account’s Dashboard Apps');
    }
    throw error;
  }
}
