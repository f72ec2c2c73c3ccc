import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { I18nProvider } from '../i18n/i18n';
import { type EmbedBridge, type EmbedMode, type EmbedState, initialEmbedState } from './bridge';
import { EmbedApp } from './EmbedApp';

const ana = {
  id: '00000000-0000-4000-8000-000000000002',
  chatwoot_user_id: 2,
  name: 'Ana Admin',
  email: 'ana.admin@acme.test',
  avatar_url: null,
  is_super_admin: false,
  accounts: [{ account_id: 1, account_name: 'Acme Atendimento', role: 'admin' as const }],
};

function fakeBridge(state: Partial<EmbedState>) {
  let current: EmbedState = { ...initialEmbedState, ...state };
  const listeners = new Set<() => void>();
  const bridge: EmbedBridge = {
    start: vi.fn(),
    stop: vi.fn(),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: () => current,
    retry: vi.fn(),
    signInWithChatwootToken: vi.fn(async () => undefined),
    requestAppContext: vi.fn(),
  };
  const set = (patch: Partial<EmbedState>) =>
    act(() => {
      current = { ...current, ...patch };
      for (const listener of listeners) listener();
    });
  return { bridge, set };
}

function renderEmbed(mode: EmbedMode, state: Partial<EmbedState>) {
  const fake = fakeBridge(state);
  render(
    <I18nProvider>
      <EmbedApp bridge={fake.bridge} mode={mode} />
    </I18nProvider>,
  );
  return fake;
}

describe('the embedded Hub', () => {
  it('shows who is signed in, for which account, and what Chatwoot has open', () => {
    const { set } = renderEmbed('panel', {
      phase: 'signed-in',
      user: ana,
      signedInVia: 'relay',
      context: { accountId: 1, conversationDisplayId: 4 },
    });
    expect(screen.getByTestId('embed-user-name').textContent).toBe('Ana Admin');
    expect(screen.getByTestId('embed-account').textContent).toBe('Acme Atendimento (conta #1)');
    expect(screen.getByTestId('embed-context').textContent).toBe('Conversa #4');

    set({ context: { accountId: 2, conversationDisplayId: null } });
    expect(screen.getByTestId('embed-context').textContent).toBe('Nenhuma conversa aberta');
    expect(screen.getByTestId('embed-account').textContent).toBe('Você não tem acesso à conta #2 no Hub.');
  });

  it('applies the theme Chatwoot relays and exposes the ignored-message count', () => {
    const { set } = renderEmbed('panel', { phase: 'connecting' });
    expect(document.documentElement.classList.contains('dark')).toBe(false);
    set({ theme: 'dark', ignoredMessages: 3 });
    expect(document.documentElement.classList.contains('dark')).toBe(true);
    expect(screen.getByTestId('embed-root').dataset.ignoredMessages).toBe('3');
    expect(screen.getByRole('status').textContent).toBe('Conectando ao Chatwoot…');
  });

  it('in a Dashboard App tab shows the open conversation and says the Kanban card is coming', () => {
    const { bridge } = renderEmbed('dashboard-app', {
      phase: 'signed-in',
      user: ana,
      appContext: {
        conversation: { id: 3, account_id: 1, status: 'open', meta: { sender: { name: 'Maria' } } },
      },
    });
    expect(screen.getByTestId('embed-conversation').textContent).toBe('Conversa #3');
    expect(screen.getByText('Contato: Maria')).toBeTruthy();
    expect(screen.getByTestId('embed-kanban-note').textContent).toContain('Kanban em breve');
    expect(screen.getByTestId('embed-account').textContent).toBe('Acme Atendimento (conta #1)');
    fireEvent.click(screen.getByRole('button', { name: 'Atualizar contexto' }));
    expect(bridge.requestAppContext).toHaveBeenCalled();
  });

  it('offers "Entrar com o Chatwoot" and reports a refused token', async () => {
    const { bridge } = renderEmbed('dashboard-app', { phase: 'sign-in' });
    vi.mocked(bridge.signInWithChatwootToken).mockRejectedValueOnce(
      new ApiError({ status: 401, code: 'unauthorized', message: 'Invalid Access Token' }),
    );
    const input = screen.getByLabelText('Token de acesso do Chatwoot');
    fireEvent.change(input, { target: { value: ' my-token ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Entrar com o Chatwoot' }));
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      'O Chatwoot não aceitou este token.',
    );
    expect(bridge.signInWithChatwootToken).toHaveBeenCalledWith('my-token');
  });

  it('says when the Hub is not connected to a Chatwoot', () => {
    renderEmbed('panel', { phase: 'error', error: 'not-configured' });
    expect(screen.getByRole('alert').textContent).toContain('ainda não está ligado a um Chatwoot');
  });
});
