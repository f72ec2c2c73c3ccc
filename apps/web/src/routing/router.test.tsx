import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type EmbedBridge, type EmbedMode, initialEmbedState } from '../embed/bridge';
import { jsonResponse, readyOk, renderApp, sampleAppInfo, stubFetch } from '../test/helpers';

function idleBridge(): EmbedBridge {
  return {
    start: vi.fn(),
    stop: vi.fn(),
    subscribe: () => () => undefined,
    getState: () => initialEmbedState,
    retry: vi.fn(),
    signInWithChatwootToken: vi.fn(async () => undefined),
    requestAppContext: vi.fn(),
    reportUnread: vi.fn(),
  };
}

beforeEach(() => {
  stubFetch({
    '/api/v1/meta': () => jsonResponse(sampleAppInfo),
    '/health/ready': () => jsonResponse(readyOk),
  });
});

describe('the route tree', () => {
  it.each([
    ['/', 'Chat interno', 'Chat interno'],
    ['/chat', 'Chat interno', 'Chat interno'],
    ['/kanban', 'Kanban', 'Kanban'],
    ['/admin', 'Administração', 'Administração'],
    ['/kanban/', 'Kanban', 'Kanban'],
  ])('%s opens the "%s" page with its section current', async (path, heading, section) => {
    window.history.replaceState(null, '', path);
    renderApp();
    expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeTruthy();
    const nav = within(screen.getByRole('navigation'));
    expect(nav.getByRole('link', { name: section }).getAttribute('aria-current')).toBe('page');
    expect(nav.getAllByRole('link', { current: 'page' })).toHaveLength(1);
  });

  it('renders sidebar links as real anchors with their addresses', async () => {
    renderApp();
    const nav = within(await screen.findByRole('navigation'));
    expect(nav.getAllByRole('link').map((link) => link.getAttribute('href'))).toEqual([
      '/chat',
      '/kanban',
      '/admin',
    ]);
  });

  it.each([
    ['/embed', 'panel'],
    ['/embed/dashboard-app', 'dashboard-app'],
  ] as const)(
    '%s is the embedded %s page, with the bridge started for it and no sidebar',
    async (path, mode) => {
      window.history.replaceState(null, '', path);
      const bridge = idleBridge();
      const embedBridge = vi.fn((_mode: EmbedMode) => bridge);
      renderApp(embedBridge);

      const root = await screen.findByTestId('embed-root');
      expect(root.getAttribute('data-mode')).toBe(mode);
      expect(embedBridge).toHaveBeenCalledWith(mode);
      expect(screen.queryByRole('navigation')).toBeNull();
    },
  );

  it('a path below an embedded page is not found, inside the full app', async () => {
    window.history.replaceState(null, '', '/embed/elsewhere');
    renderApp();
    expect(await screen.findByRole('heading', { level: 1, name: 'Página não encontrada' })).toBeTruthy();
    expect(screen.getByRole('navigation')).toBeTruthy();
  });
});
