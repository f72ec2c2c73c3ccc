import { QueryClient } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import type { AppInfo, ReadyResponse } from '@whatpro/contracts';
import { vi } from 'vitest';
import { AppProviders } from '../App';
import { createAppRouter, type RouterContext } from '../routing/router';

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export const sampleAppInfo: AppInfo = {
  name: 'WhatPro Hub',
  version: '0.1.0',
  environment: 'development',
  chatwoot_url: 'https://chat.example.com',
  default_locale: 'pt-BR',
  schema: { applied_migrations: 1, latest_migration_at: '2026-11-26T00:00:00.000Z' },
};

export const readyOk: ReadyResponse = { status: 'ok', checks: { database: { status: 'ok', latency_ms: 2 } } };

export function pathOf(input: RequestInfo | URL): string {
  return new URL(input instanceof Request ? input.url : String(input), 'http://localhost').pathname;
}

/** Replaces global fetch with one answering by pathname; any other path rejects. */
export function stubFetch(routes: Record<string, (request: Request) => Response | Promise<Response>>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost');
    const respond = routes[url.pathname];
    if (!respond) throw new Error(`unexpected fetch ${url.pathname}`);
    return respond(input instanceof Request ? input : new Request(url));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const noEmbed: RouterContext['embedBridge'] = () => {
  throw new Error('this test renders no embedded page');
};

/** The whole app at the current `window.location`, with the real router and browser history. */
export function renderApp(embedBridge = noEmbed) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createAppRouter({ embedBridge });
  const view = render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...view, router };
}
