import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { CurrentUser } from '@whatpro/contracts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient } from '../api/client';
import { I18nProvider } from '../i18n/i18n';
import { jsonResponse, pathOf, stubFetch } from '../test/helpers';
import {
  createEmbedBridge,
  type EmbedBridge,
  type EmbedMode,
  type EmbedState,
  initialEmbedState,
} from './bridge';
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
    reportUnread: vi.fn(),
  };
  const set = (patch: Partial<EmbedState>) =>
    act(() => {
      current = { ...current, ...patch };
      for (const listener of listeners) listener();
    });
  return { bridge, set };
}

/** A board with one stage and the card of conversation #3 on it, as the Kanban API returns them. */
function conversationCardFixture() {
  const stageId = '00000000-0000-4000-8000-0000000000a1';
  const boardId = '00000000-0000-4000-8000-000000000001';
  const stage = {
    id: stageId,
    board_id: boardId,
    name: 'Em atendimento',
    colour: '#1f93ff',
    position: 1,
    wip_limit: null,
    maps_status: 'open',
    maps_label: null,
    is_in_progress: true,
    is_done: false,
    sla_hours: null,
    actions: [],
    card_count: 1,
  };
  const stamp = '2026-12-01T00:00:00.000Z';
  const card = {
    id: '00000000-0000-4000-8000-000000000c01',
    board_id: boardId,
    stage_id: stageId,
    position: 1,
    title: 'Maria',
    description: null,
    conversation_display_id: 3,
    conversation_status: 'open',
    linked_conversation_display_ids: [],
    contact: { id: 9, name: 'Maria', phone_number: null, email: null },
    inbox_id: 1,
    team_id: null,
    assignee_user_id: null,
    labels: [],
    priority: null,
    due_at: null,
    value: null,
    outcome: null,
    loss_reason: null,
    custom_attributes: {},
    stage_entered_at: stamp,
    manual_stage_until_status_change: false,
    cycle: 1,
    last_activity_at: null,
    first_reply_at: null,
    waiting_since: null,
    sla_breached_at: null,
    version: 1,
    archived_at: null,
    created_at: stamp,
    updated_at: stamp,
  };
  const board = {
    id: boardId,
    name: 'Atendimento',
    description: null,
    is_default: true,
    filter_inbox_ids: [],
    filter_team_ids: [],
    loss_reasons: [],
    archived_at: null,
    created_at: stamp,
    updated_at: stamp,
    stages: [stage],
  };
  return { stageId, boardId, stage, card, board };
}

function renderEmbed(mode: EmbedMode, state: Partial<EmbedState>) {
  const fake = fakeBridge(state);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <EmbedApp bridge={fake.bridge} mode={mode} />
      </I18nProvider>
    </QueryClientProvider>,
  );
  return fake;
}

const platformConfig = {
  hub_origin: 'https://hub.example.com',
  chatwoot_origin: 'https://chat.example.com',
  script_url: 'https://hub.example.com/embed.js',
  embed_url: 'https://hub.example.com/embed',
  dashboard_app_url: 'https://hub.example.com/embed/dashboard-app',
  features: ['chat', 'kanban', 'admin'] as ('chat' | 'kanban' | 'admin')[],
};

const SNIPPET_PATH = '/api/v1/accounts/1/embed/snippet';
const INSTALL_PATH = '/api/v1/accounts/1/embed/dashboard-app';
const snippet = {
  snippet: '<script src="https://hub.example.com/embed.js" async></script>',
  script_url: 'https://hub.example.com/embed.js',
  dashboard_app_url: 'https://hub.example.com/embed/dashboard-app',
};

beforeEach(() => {
  stubFetch({ [SNIPPET_PATH]: () => jsonResponse(snippet) });
});

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

  it("in a Dashboard App tab shows the open conversation and its Kanban card's stage", async () => {
    const { stageId, boardId, card, board } = conversationCardFixture();
    const cardsOf = vi.fn((request: Request) => {
      expect(new URL(request.url).searchParams.get('conversation_display_id')).toBe('3');
      return jsonResponse({ cards: [card], next_cursor: null });
    });
    stubFetch({
      '/api/v1/accounts/1/boards': () => jsonResponse({ boards: [board] }),
      [`/api/v1/accounts/1/boards/${boardId}/cards`]: cardsOf,
    });
    const { bridge } = renderEmbed('dashboard-app', {
      phase: 'signed-in',
      user: ana,
      appContext: {
        conversation: { id: 3, account_id: 1, status: 'open', meta: { sender: { name: 'Maria' } } },
      },
    });
    expect(screen.getByTestId('embed-conversation').textContent).toBe('Conversa #3');
    expect(screen.getByText('Contato: Maria')).toBeTruthy();
    const shown = await screen.findByTestId('kanban-conversation-card');
    expect(shown.dataset.cardId).toBe(card.id);
    expect((screen.getByLabelText('Etapa') as HTMLSelectElement).value).toBe(stageId);
    expect(screen.getByTestId('embed-account').textContent).toBe('Acme Atendimento (conta #1)');
    fireEvent.click(screen.getByRole('button', { name: 'Atualizar contexto' }));
    expect(bridge.requestAppContext).toHaveBeenCalled();
  });

  it('in the conversation header shows only the board, stage and SLA, moves the card, and nothing before signing in', async () => {
    const { stageId, boardId, stage, card, board } = conversationCardFixture();
    const doneId = '00000000-0000-4000-8000-0000000000a2';
    const twoStages = { ...board, stages: [stage, { ...stage, id: doneId, name: 'Resolvido', position: 2 }] };
    const moves: unknown[] = [];
    stubFetch({
      '/api/v1/accounts/1/boards': () => jsonResponse({ boards: [twoStages] }),
      [`/api/v1/accounts/1/boards/${boardId}/cards`]: () =>
        jsonResponse({ cards: [card], next_cursor: null }),
      [`/api/v1/accounts/1/boards/${boardId}/cards/${card.id}/move`]: async (request: Request) => {
        moves.push(await request.json());
        return jsonResponse({ ...card, stage_id: doneId, version: 2 });
      },
    });
    const { set } = renderEmbed('stage-picker', { phase: 'sign-in' });
    expect(screen.queryByTestId('embed-root')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();

    set({ phase: 'signed-in', user: ana, context: { accountId: 1, conversationDisplayId: 3 } });
    const picker = await screen.findByLabelText('Etapa');
    expect((picker as HTMLSelectElement).value).toBe(stageId);
    expect(screen.getByTestId('kanban-conversation-stage').textContent).toContain('Atendimento');
    expect(screen.queryByText(card.title, { selector: 'p' })).toBeNull();
    fireEvent.change(picker, { target: { value: doneId } });
    await waitFor(() => expect((screen.getByLabelText('Etapa') as HTMLSelectElement).value).toBe(doneId));
    expect(moves).toEqual([{ stage_id: doneId }]);
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

  it('an unreachable Hub says it retries by itself and offers "Tentar agora"', () => {
    const { bridge } = renderEmbed('dashboard-app', { phase: 'error', error: 'hub-unreachable' });
    expect(screen.getByRole('alert').textContent).toContain('tenta de novo sozinho');
    fireEvent.click(screen.getByRole('button', { name: 'Tentar agora' }));
    expect(bridge.retry).toHaveBeenCalled();
  });

  it('a suspended account gets a plain message, no retry and no token form', () => {
    renderEmbed('panel', { phase: 'error', error: 'account-suspended' });
    expect(screen.getByRole('alert').textContent).toContain('Esta conta está suspensa');
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByLabelText('Token de acesso do Chatwoot')).toBeNull();
  });

  it('without a Chatwoot session it links to Chatwoot sign-in; the token form is an explained last resort', () => {
    renderEmbed('dashboard-app', { phase: 'sign-in', signInReason: 'no-session', config: platformConfig });
    const link = screen.getByRole('link', { name: 'Entrar no Chatwoot' });
    expect(link.getAttribute('href')).toBe('https://chat.example.com/app/login');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(screen.getByText(/não recebeu nenhuma/)).toBeTruthy();
    expect(screen.getByText('Último recurso: entrar com um token de acesso')).toBeTruthy();
  });

  it('when Chatwoot refused the session it says so before offering the token', () => {
    renderEmbed('panel', { phase: 'sign-in', signInReason: 'refused', config: platformConfig });
    expect(screen.getByText(/O Chatwoot não confirmou a sua sessão/)).toBeTruthy();
  });

  it("speaks Chatwoot's language, status names included: Portuguese by default, English when Chatwoot says so", () => {
    const appContext = { conversation: { id: 3, account_id: 1, status: 'snoozed' } };
    const { set } = renderEmbed('dashboard-app', { phase: 'signed-in', user: ana, appContext });
    expect(screen.getByTestId('embed-conversation-status').textContent).toBe('Status: Adiada');
    set({ locale: 'en' });
    expect(screen.getByTestId('embed-conversation').textContent).toBe('Conversation #3');
    expect(screen.getByTestId('embed-conversation-status').textContent).toBe('Status: Snoozed');
    expect(document.documentElement.lang).toBe('en');
  });

  it('leaves out a status it has no name for instead of showing the raw value', () => {
    renderEmbed('dashboard-app', {
      phase: 'signed-in',
      user: ana,
      appContext: { conversation: { id: 3, account_id: 1, status: 'archived' } },
    });
    expect(screen.queryByTestId('embed-conversation-status')).toBeNull();
    expect(screen.queryByText(/archived/)).toBeNull();
  });
});

/** A page framed by Chatwoot, with the real bridge and API client in front of a fake Hub. */
function renderWithRealClient(routes: Record<string, (request: Request) => Response>) {
  const parent = { postMessage: vi.fn() };
  const win = Object.assign(new EventTarget(), {
    parent,
    setTimeout: (callback: () => void, ms: number) => window.setTimeout(callback, ms),
    clearTimeout: (id: number) => window.clearTimeout(id),
  }) as unknown as Window;
  const fetchFake = async (input: RequestInfo | URL) => {
    const request = input instanceof Request ? input : new Request(input);
    const route = routes[pathOf(request)];
    if (!route) throw new TypeError(`no route for ${pathOf(request)}`);
    return route(request);
  };
  const api = createApiClient({ fetch: fetchFake as typeof fetch, baseUrl: 'https://hub.example.com' });
  const bridge = createEmbedBridge({ mode: 'dashboard-app', window: win, api, relayWaitMs: 10 });
  bridge.start();
  const sendLocale = (locale: 'pt-BR' | 'en') =>
    win.dispatchEvent(
      new MessageEvent('message', {
        origin: 'https://chat.example.com',
        source: parent as unknown as MessageEventSource,
        data: {
          ns: 'whatpro-hub',
          type: 'context',
          account_id: 1,
          conversation_display_id: 3,
          theme: 'light',
          locale,
        },
      }),
    );
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <EmbedApp bridge={bridge} mode="dashboard-app" />
      </I18nProvider>
    </QueryClientProvider>,
  );
  return { bridge, sendLocale, unmount: view.unmount };
}

const chatwootAnswer = (status: number, code: string) => () =>
  jsonResponse({ error: { code, message: 'from the server', request_id: 'req-1' } }, status);

describe('pasting a token when the Hub cannot use its Chatwoot (real client, fake Hub)', () => {
  for (const [locale, text] of [
    [
      'pt-BR',
      'O endereço do Chatwoot configurado no WhatPro Hub (CHATWOOT_URL) não responde como um Chatwoot.',
    ],
    ['en', 'The Chatwoot address configured in WhatPro Hub (CHATWOOT_URL) does not answer like a Chatwoot.'],
  ] as const) {
    it(`502 chatwoot_bad_response names CHATWOOT_URL and who can fix it (${locale})`, async () => {
      const page = renderWithRealClient({
        '/api/v1/platform-app/config': () => jsonResponse(platformConfig),
        '/api/v1/auth/refresh': chatwootAnswer(401, 'unauthorized'),
        '/api/v1/auth/sso': chatwootAnswer(502, 'chatwoot_bad_response'),
      });
      await waitFor(() => expect(page.bridge.getState().phase).not.toBe('loading'));
      act(() => {
        page.sendLocale(locale);
      });
      const input = await screen.findByLabelText(
        locale === 'en' ? 'Chatwoot access token' : 'Token de acesso do Chatwoot',
      );
      fireEvent.change(input, { target: { value: 'cw-token' } });
      fireEvent.submit(input.closest('form') as HTMLFormElement);
      expect((await screen.findByRole('alert')).textContent).toContain(text);
      page.bridge.stop();
      page.unmount();
    });
  }

  it('503 chatwoot_unavailable says Chatwoot did not answer and to try again', async () => {
    const page = renderWithRealClient({
      '/api/v1/platform-app/config': () => jsonResponse(platformConfig),
      '/api/v1/auth/refresh': chatwootAnswer(401, 'unauthorized'),
      '/api/v1/auth/sso': chatwootAnswer(503, 'chatwoot_unavailable'),
    });
    const input = await screen.findByLabelText('Token de acesso do Chatwoot');
    fireEvent.change(input, { target: { value: 'cw-token' } });
    fireEvent.submit(input.closest('form') as HTMLFormElement);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'O Chatwoot não respondeu ao WhatPro Hub',
    );
    page.bridge.stop();
    page.unmount();
  });
});

const diego: CurrentUser = {
  ...ana,
  id: '00000000-0000-4000-8000-000000000006',
  name: 'Diego Agente',
  accounts: [{ account_id: 1, account_name: 'Acme Atendimento', role: 'agent' }],
};

function renderPanelAs(user: CurrentUser) {
  return renderEmbed('panel', {
    phase: 'signed-in',
    user,
    signedInVia: 'relay',
    context: { accountId: 1, conversationDisplayId: 4 },
  });
}

/** The request the component sent to `path`. */
function requestTo(fetchMock: { mock: { calls: unknown[][] } }, path: string): Request {
  const call = fetchMock.mock.calls.find(([input]) => input instanceof Request && pathOf(input) === path);
  if (!call) throw new Error(`no fetch to ${path}`);
  return call[0] as Request;
}

describe('Administração / Instalação no Chatwoot in the panel', () => {
  it('shows an admin the DASHBOARD_SCRIPTS snippet, read-only, with the explanation', async () => {
    renderPanelAs(ana);
    const section = screen.getByRole('region', { name: 'Administração' });
    expect(section.textContent).toContain('Instalação no Chatwoot');
    expect(section.textContent).toContain('DASHBOARD_SCRIPTS');
    expect((await screen.findByTestId('embed-admin-snippet')).textContent).toBe(snippet.snippet);
    expect(screen.getByRole('button', { name: 'Instalar como Dashboard App' })).toBeTruthy();
  });

  it('shows it to a super admin even without an admin membership', async () => {
    renderPanelAs({ ...diego, is_super_admin: true });
    expect((await screen.findByTestId('embed-admin-snippet')).textContent).toContain('/embed.js');
  });

  it('is hidden from an agent, who never asks for the snippet', async () => {
    const fetchMock = stubFetch({});
    renderPanelAs(diego);
    expect(screen.getByTestId('embed-context').textContent).toBe('Conversa #4');
    expect(screen.queryByTestId('embed-admin')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Instalar como Dashboard App' })).toBeNull();
    // The panel's chat loads its own data; the installation snippet is never asked for.
    expect(fetchMock.mock.calls.some(([input]) => pathOf(input) === SNIPPET_PATH)).toBe(false);
  });

  it('is hidden from an admin of another account', () => {
    const { set } = renderPanelAs(ana);
    set({ context: { accountId: 2, conversationDisplayId: null } });
    expect(screen.queryByTestId('embed-admin')).toBeNull();
  });

  it('copies the snippet to the clipboard and says so', async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    renderPanelAs(ana);
    await screen.findByTestId('embed-admin-snippet');
    fireEvent.click(screen.getByRole('button', { name: 'Copiar' }));
    await waitFor(() =>
      expect(screen.getByTestId('embed-admin-copy-status').textContent).toBe(
        'Copiado para a área de transferência.',
      ),
    );
    expect(writeText).toHaveBeenCalledWith(snippet.snippet);
  });

  it('selects the snippet when there is no clipboard', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: undefined });
    renderPanelAs(ana);
    const block = await screen.findByTestId('embed-admin-snippet');
    fireEvent.click(screen.getByRole('button', { name: 'Copiar' }));
    await waitFor(() =>
      expect(screen.getByTestId('embed-admin-copy-status').textContent).toContain('Texto selecionado'),
    );
    expect(window.getSelection()?.toString()).toBe(block.textContent);
  });

  it('installs the Dashboard App with an empty body and reports it only after the server says so', async () => {
    let answer: (response: Response) => void = () => undefined;
    const fetchMock = stubFetch({
      [SNIPPET_PATH]: () => jsonResponse(snippet),
      [INSTALL_PATH]: () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    renderPanelAs(ana);
    fireEvent.click(screen.getByRole('button', { name: 'Instalar como Dashboard App' }));
    const pending = await screen.findByRole('button', { name: 'Instalando…' });
    expect(pending).toHaveProperty('disabled', true);
    expect(screen.queryByTestId('embed-admin-install-result')).toBeNull();

    const request = requestTo(fetchMock, INSTALL_PATH);
    expect(request.method).toBe('POST');
    expect(await request.json()).toEqual({});
    expect(request.headers.get('content-type')).toBe('application/json');

    answer(
      jsonResponse({
        dashboard_app_id: 7,
        title: 'WhatPro Hub',
        url: 'https://hub.example.com/embed/dashboard-app',
        action: 'created',
      }),
    );
    expect((await screen.findByTestId('embed-admin-install-result')).textContent).toBe(
      'Dashboard App criado (#7).',
    );
    expect(within(screen.getByRole('region', { name: 'Administração' })).queryByRole('alert')).toBeNull();
  });

  it('says "atualizado" when the Dashboard App already existed', async () => {
    stubFetch({
      [SNIPPET_PATH]: () => jsonResponse(snippet),
      [INSTALL_PATH]: () =>
        jsonResponse({
          dashboard_app_id: 3,
          title: 'WhatPro Hub',
          url: 'https://x/embed',
          action: 'updated',
        }),
    });
    renderPanelAs(ana);
    fireEvent.click(screen.getByRole('button', { name: 'Instalar como Dashboard App' }));
    expect((await screen.findByTestId('embed-admin-install-result')).textContent).toBe(
      'Dashboard App atualizado (#3).',
    );
  });

  it('on 409 asks to connect the account first and explains the code in Portuguese, no success', async () => {
    stubFetch({
      [SNIPPET_PATH]: () => jsonResponse(snippet),
      [INSTALL_PATH]: () =>
        jsonResponse(
          {
            error: {
              code: 'conflict',
              message: 'This account is not connected to Chatwoot',
              request_id: 'req-1',
            },
          },
          409,
        ),
    });
    renderPanelAs(ana);
    fireEvent.click(screen.getByRole('button', { name: 'Instalar como Dashboard App' }));
    const alert = await screen.findByTestId('embed-admin-install-error');
    expect(alert.textContent).toContain('Conecte esta conta ao Chatwoot primeiro.');
    expect(alert.textContent).toContain('Isso conflita com o estado atual. Atualize e tente de novo.');
    expect(alert.textContent).not.toContain('This account is not connected to Chatwoot');
    expect(screen.queryByTestId('embed-admin-install-result')).toBeNull();
    expect(screen.getByRole('button', { name: 'Instalar como Dashboard App' })).toHaveProperty(
      'disabled',
      false,
    );
  });

  it('does not claim success when a 200 does not match the contract', async () => {
    stubFetch({
      [SNIPPET_PATH]: () => jsonResponse(snippet),
      [INSTALL_PATH]: () => jsonResponse({ ok: true }),
    });
    renderPanelAs(ana);
    fireEvent.click(screen.getByRole('button', { name: 'Instalar como Dashboard App' }));
    expect((await screen.findByTestId('embed-admin-install-error')).textContent).toContain(
      'Não foi possível instalar o Dashboard App.',
    );
    expect(screen.queryByTestId('embed-admin-install-result')).toBeNull();
  });
});

/** The browser's WebSocket as far as the realtime client uses it; each instance is kept to drive it. */
class FakeSocket {
  static readonly OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send() {}
  close() {
    this.readyState = 3;
  }
  receive(frame: unknown) {
    act(() => this.onmessage?.({ data: JSON.stringify(frame) }));
  }
}

describe('the header stage picker stays current', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeSocket);
  });

  /** The picker of conversation #3, signed in, with its socket open; `cardsOf` answers the card lookups. */
  async function openPicker(cardsOf: () => Response) {
    const { boardId, stage, board } = conversationCardFixture();
    const doneId = '00000000-0000-4000-8000-0000000000a2';
    const twoStages = { ...board, stages: [stage, { ...stage, id: doneId, name: 'Resolvido', position: 2 }] };
    const fetchMock = stubFetch({
      '/api/v1/realtime/tickets': () => jsonResponse({ ticket: 'abc', expires_in: 30 }, 201),
      '/api/v1/accounts/1/presence': () => jsonResponse({ users: [] }),
      '/api/v1/accounts/1/boards': () => jsonResponse({ boards: [twoStages] }),
      [`/api/v1/accounts/1/boards/${boardId}/cards`]: cardsOf,
    });
    renderEmbed('stage-picker', {
      phase: 'signed-in',
      user: ana,
      context: { accountId: 1, conversationDisplayId: 3 },
    });
    await waitFor(() => expect(FakeSocket.instances).toHaveLength(1));
    const socket = FakeSocket.instances[0] as FakeSocket;
    act(() => {
      socket.readyState = FakeSocket.OPEN;
      socket.onopen?.();
    });
    socket.receive({ type: 'hello', account_id: 1, user_id: ana.id });
    const cardLookups = () =>
      fetchMock.mock.calls.filter(([input]) => pathOf(input) === `/api/v1/accounts/1/boards/${boardId}/cards`)
        .length;
    return { socket, doneId, cardLookups };
  }

  const stageShown = () => (screen.getByLabelText('Etapa') as HTMLSelectElement).value;

  it('shows the stage a card.moved names for its card at once, without asking the Hub again', async () => {
    const { card, stageId, boardId } = conversationCardFixture();
    const { socket, doneId, cardLookups } = await openPicker(() =>
      jsonResponse({ cards: [card], next_cursor: null }),
    );
    await waitFor(() => expect(stageShown()).toBe(stageId));
    const lookups = cardLookups();
    socket.receive({
      type: 'card.moved',
      board_id: boardId,
      from_stage_id: stageId,
      card: { ...card, stage_id: doneId, conversation_status: 'resolved', version: 2 },
    });
    await waitFor(() => expect(stageShown()).toBe(doneId));
    expect(cardLookups()).toBe(lookups);
  });

  it('ignores events of other cards and conversations', async () => {
    const { card, stageId, boardId } = conversationCardFixture();
    const { socket, doneId, cardLookups } = await openPicker(() =>
      jsonResponse({ cards: [card], next_cursor: null }),
    );
    await waitFor(() => expect(stageShown()).toBe(stageId));
    const lookups = cardLookups();
    const other = {
      ...card,
      id: '00000000-0000-4000-8000-000000000c02',
      conversation_display_id: 8,
      stage_id: doneId,
      version: 5,
    };
    socket.receive({ type: 'card.moved', board_id: boardId, from_stage_id: stageId, card: other });
    socket.receive({ type: 'card.created', board_id: boardId, card: other });
    // The query cache tells React on the next tick: give a wrong update the chance to show.
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(stageShown()).toBe(stageId);
    expect(cardLookups()).toBe(lookups);
  });

  it('looks the conversation up again when a card is created for it', async () => {
    const { card, boardId } = conversationCardFixture();
    let cards: unknown[] = [];
    const { socket, cardLookups } = await openPicker(() => jsonResponse({ cards, next_cursor: null }));
    await screen.findByTestId('kanban-conversation-none');
    const lookups = cardLookups();
    cards = [card];
    socket.receive({ type: 'card.created', board_id: boardId, card });
    expect((await screen.findByTestId('kanban-conversation-card')).dataset.cardId).toBe(card.id);
    expect(cardLookups()).toBe(lookups + 1);
  });

  it('keeps the quiet loading line while the Hub fails, and shows the card once it answers', async () => {
    const { card, stageId } = conversationCardFixture();
    let failures = 1;
    await openPicker(() =>
      failures-- > 0
        ? jsonResponse({ error: { code: 'internal', message: 'down', request_id: 'req-1' } }, 503)
        : jsonResponse({ cards: [card], next_cursor: null }),
    );
    expect(screen.getByText('Carregando…')).toBeTruthy();
    await waitFor(() => expect(stageShown()).toBe(stageId), { timeout: 3_000 });
    expect(screen.queryByText('Não foi possível carregar. Tente de novo em instantes.')).toBeNull();
  });
});
