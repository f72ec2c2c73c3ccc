import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, pathOf, readyOk, renderApp, sampleAppInfo, stubFetch } from './test/helpers';

function stubHealthyServer() {
  return stubFetch({
    '/api/v1/meta': () => jsonResponse(sampleAppInfo),
    '/health/ready': () => jsonResponse(readyOk),
  });
}

function navLink(name: string) {
  return within(screen.getByRole('navigation')).getByRole('link', { name });
}

describe('navigation', () => {
  it('opens the chat section at / and marks it current', async () => {
    stubHealthyServer();
    renderApp();

    expect(await screen.findByRole('heading', { level: 1, name: 'Chat interno' })).toBeTruthy();
    expect(navLink('Chat interno').getAttribute('aria-current')).toBe('page');
    expect(navLink('Kanban').getAttribute('aria-current')).toBeNull();
    expect(document.title).toBe('Chat interno · WhatPro Hub');
    await screen.findByText('Versão 0.1.0');
  });

  it('moves the highlight, the URL and the page on click, and back on history pop', async () => {
    stubHealthyServer();
    renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Chat interno' });

    expect(navLink('Kanban').getAttribute('href')).toBe('/kanban');
    fireEvent.click(navLink('Kanban'));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Kanban' });
    expect(window.location.pathname).toBe('/kanban');
    expect(navLink('Kanban').getAttribute('aria-current')).toBe('page');
    expect(navLink('Chat interno').getAttribute('aria-current')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(heading));

    fireEvent.click(navLink('Administração'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Administração' })).toBeTruthy();

    act(() => window.history.back());
    expect(await screen.findByRole('heading', { level: 1, name: 'Kanban' })).toBeTruthy();
    expect(navLink('Kanban').getAttribute('aria-current')).toBe('page');
    await screen.findByText('Versão 0.1.0');
  });

  it('leaves modified clicks (new tab) to the browser', async () => {
    stubHealthyServer();
    renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Chat interno' });
    // fireEvent returns false only when a handler called preventDefault().
    expect(fireEvent.click(navLink('Kanban'), { ctrlKey: true })).toBe(true);
    expect(navLink('Chat interno').getAttribute('aria-current')).toBe('page');
    await screen.findByText('Versão 0.1.0');
  });

  it('shows a not-found page for unknown paths with no section highlighted', async () => {
    stubHealthyServer();
    window.history.replaceState(null, '', '/nowhere/deeper');
    renderApp();

    expect(await screen.findByRole('heading', { level: 1, name: 'Página não encontrada' })).toBeTruthy();
    expect(document.title).toBe('Página não encontrada · WhatPro Hub');
    expect(screen.getByText(/\/nowhere\/deeper/)).toBeTruthy();
    expect(within(screen.getByRole('navigation')).queryByRole('link', { current: 'page' })).toBeNull();
    await screen.findByText('Versão 0.1.0');
  });
});

describe('server status in the sidebar', () => {
  it('shows version, environment, Chatwoot URL and readiness from the API', async () => {
    stubHealthyServer();
    renderApp();

    expect(await screen.findByText('Carregando informações do servidor…')).toBeTruthy();
    expect(await screen.findByText('Versão 0.1.0')).toBeTruthy();
    expect(screen.getByText('Ambiente: desenvolvimento')).toBeTruthy();
    expect(screen.getByText('Chatwoot: https://chat.example.com')).toBeTruthy();
    expect((await screen.findByRole('status')).textContent).toBe('Servidor pronto');
  });

  it('names the failing checks when the server is not ready', async () => {
    stubFetch({
      '/api/v1/meta': () => jsonResponse(sampleAppInfo),
      '/health/ready': () =>
        jsonResponse(
          { status: 'unavailable', checks: { database: { status: 'down', error: 'timeout' } } },
          503,
        ),
    });
    renderApp();
    expect(await screen.findByText('Servidor indisponível: 1 verificação falhou (database)')).toBeTruthy();
  });

  it('reports an unreachable server and a failed meta request honestly, with a retry', async () => {
    const fetchMock = stubFetch({
      '/api/v1/meta': () =>
        jsonResponse({ error: { code: 'internal_error', message: 'boom', request_id: 'req-9' } }, 500),
      '/health/ready': () => Promise.reject(new TypeError('Failed to fetch')),
    });
    renderApp();

    expect(await screen.findByText('Sem resposta do servidor')).toBeTruthy();
    // The home page reports the unreachable Hub too; this is the sidebar's "Sobre" section.
    const alert = await within(screen.getByRole('region', { name: 'Sobre' })).findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível carregar as informações do servidor.');
    expect(alert.textContent).toContain('Erro interno do servidor. Tente novamente.');
    expect(alert.textContent).not.toContain('boom');
    expect(alert.textContent).toContain('Código internal_error · requisição req-9');
    expect(screen.queryByText(/Versão/)).toBeNull();

    const metaCalls = () => fetchMock.mock.calls.filter(([input]) => pathOf(input) === '/api/v1/meta').length;
    const before = metaCalls();
    fireEvent.click(within(alert).getByRole('button', { name: 'Tentar novamente' }));
    await waitFor(() => expect(metaCalls()).toBe(before + 1));
  });

  it('switches to the deployment language when the user has not chosen one', async () => {
    stubFetch({
      '/api/v1/meta': () => jsonResponse({ ...sampleAppInfo, default_locale: 'en' }),
      '/health/ready': () => jsonResponse(readyOk),
    });
    renderApp();
    expect(await screen.findByRole('heading', { level: 1, name: 'Internal chat' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
  });
});

describe('preferences', () => {
  it('changes language and theme from the sidebar', async () => {
    stubHealthyServer();
    renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Chat interno' });

    fireEvent.change(screen.getByLabelText('Idioma'), { target: { value: 'en' } });
    expect(screen.getByRole('heading', { level: 1, name: 'Internal chat' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');

    fireEvent.change(screen.getByLabelText('Theme'), { target: { value: 'dark' } });
    expect(document.documentElement.classList.contains('dark')).toBe(true);
    await screen.findByText('Version 0.1.0');
  });
});
