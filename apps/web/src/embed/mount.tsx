import { useRouteContext } from '@tanstack/react-router';
import { api } from '../api/client';
import type { RouterContext } from '../routing/router';
import { createEmbedBridge, type EmbedBridge, type EmbedMode } from './bridge';
import { EmbedApp } from './EmbedApp';

/**
 * The embedded pages must listen before React renders: Chatwoot posts appContext on the iframe's load
 * event, which can come before the router has matched anything. So the entry point asks for the bridge
 * of the page it was loaded on at once, by this one test of the path, and the route gets the same one.
 */
export function embedModeForPath(pathname: string): EmbedMode | null {
  const normalized = pathname.replace(/\/+$/, '');
  if (normalized === '/embed') return 'panel';
  if (normalized === '/embed/dashboard-app') return 'dashboard-app';
  if (normalized === '/embed/stage-picker') return 'stage-picker';
  return null;
}

/** One started bridge per mode, made on first use. Messages wait until the platform config names the Chatwoot origin. */
export function embedBridges(): RouterContext['embedBridge'] {
  const started = new Map<EmbedMode, EmbedBridge>();
  return (mode) => {
    let bridge = started.get(mode);
    if (!bridge) {
      bridge = createEmbedBridge({
        mode,
        window,
        api,
        log: (reason, event) =>
          console.warn(`WhatPro Hub ignored a message (${reason}) from ${event.origin}`),
      });
      bridge.start();
      started.set(mode, bridge);
    }
    return bridge;
  };
}

export function EmbedPage({ mode }: { mode: EmbedMode }) {
  const embedBridge = useRouteContext({ from: '__root__', select: (context) => context.embedBridge });
  return <EmbedApp bridge={embedBridge(mode)} mode={mode} />;
}
