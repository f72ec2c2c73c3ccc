import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from '../api/client';
import { createQueryClient } from '../api/queries';
import { I18nProvider } from '../i18n/i18n';
import { createEmbedBridge, type EmbedMode } from './bridge';
import { EmbedApp } from './EmbedApp';

/** `/embed` is the Dashboard Script's panel, `/embed/dashboard-app` a Chatwoot Dashboard App tab. */
export function embedModeForPath(pathname: string): EmbedMode | null {
  const normalized = pathname.replace(/\/+$/, '');
  if (normalized === '/embed') return 'panel';
  if (normalized === '/embed/dashboard-app') return 'dashboard-app';
  return null;
}

/**
 * Starts listening at once, before React renders: Chatwoot posts appContext on the iframe's load event,
 * which can come before the first effect runs. Messages wait until the platform config names the
 * Chatwoot origin they must come from.
 */
export function mountEmbed(container: HTMLElement, mode: EmbedMode): void {
  const bridge = createEmbedBridge({
    mode,
    window,
    api,
    log: (reason, event) => console.warn(`WhatPro Hub ignored a message (${reason}) from ${event.origin}`),
  });
  bridge.start();
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={createQueryClient()}>
        <I18nProvider>
          <EmbedApp bridge={bridge} mode={mode} />
        </I18nProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
