import { AppError, forbidden } from '../../errors';
import { ChatwootForbiddenError, ChatwootUnauthorizedError } from '../../integrations/chatwoot';
import { type AuditContext, recordAudit } from '../audit/service';
import { connectionAuth, type SyncDependencies } from '../chatwoot-sync/service';

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
 * Installs (or repoints) the Hub as a Dashboard App in the Chatwoot account, acting through the account's
 * Chatwoot connection, so the admin's click needs no Chatwoot credential of its own.
 */
export async function installDashboardApp(deps: SyncDependencies, accountId: number, context: AuditContext) {
  const { chatwoot, config, database } = deps;
  if (!chatwoot) throw new AppError(503, 'service_unavailable', 'No Chatwoot is configured for this Hub');
  const auth = await connectionAuth(deps, accountId);
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
      throw forbidden('Chatwoot refused the connection’s token; reconnect the account');
    }
    throw error;
  }
}
