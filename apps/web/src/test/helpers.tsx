import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { AppInfo, ReadyResponse } from '@whatpro/contracts';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { AppProviders, Shell } from '../App';

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

/** Replaces global fetch with one answering by pathname; any other path rejects. */
export function stubFetch(routes: Record<string, () => Response | Promise<Response>>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost');
    const respond = routes[url.pathname];
    if (!respond) throw new Error(`unexpected fetch ${url.pathname}`);
    return respond();
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

export function renderWithProviders(ui: ReactNode = <Shell />) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<AppProviders queryClient={queryClient}>{ui}</AppProviders>);
}
