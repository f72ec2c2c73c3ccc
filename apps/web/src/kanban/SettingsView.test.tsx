import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Board, BoardStage, CurrentUser, Role, TimeRule } from '@whatpro/contracts';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../api/client';
import { I18nProvider } from '../i18n/i18n';
import type { Realtime } from '../realtime/RealtimeProvider';
import { jsonResponse, stubFetch } from '../test/helpers';
import { kanbanApi } from './api';
import { MetricsView } from './MetricsView';
import { SettingsView } from './SettingsView';
import { KanbanSessionProvider } from './session';

const BOARD = '00000000-0000-4000-8000-000000000001';
const TRIAGE = '00000000-0000-4000-8000-0000000000a1';
const LATE = '00000000-0000-4000-8000-0000000000a2';
const RULE = '00000000-0000-4000-8000-0000000000b1';
const base = `/api/v1/accounts/1/boards/${BOARD}`;

const stage = (id: string, name: string, position: number): BoardStage => ({
  id,
  board_id: BOARD,
  name,
  colour: '#1f93ff',
  position,
  wip_limit: null,
  maps_status: null,
  maps_label: null,
  is_in_progress: false,
  is_done: false,
  sla_hours: null,
  actions: [],
  card_count: 0,
});

const board: Board = {
  id: BOARD,
  name: 'Atendimento',
  description: null,
  is_default: true,
  filter_inbox_ids: [],
  filter_team_ids: [],
  loss_reasons: [],
  archived_at: null,
  created_at: '2026-12-01T00:00:00.000Z',
  updated_at: '2026-12-01T00:00:00.000Z',
  stages: [stage(TRIAGE, 'Triagem', 1), stage(LATE, 'Atrasado', 2)],
};

const rule: TimeRule = {
  id: RULE,
  board_id: BOARD,
  kind: 'in_stage',
  stage_id: TRIAGE,
  hours: 4,
  move_to_stage_id: LATE,
  notify_assignee: true,
  enabled: true,
  created_at: '2026-12-01T00:00:00.000Z',
};

const user: CurrentUser = {
  id: '00000000-0000-4000-8000-0000000000c1',
  chatwoot_user_id: 2,
  name: 'Ana Admin',
  email: 'ana@acme.test',
  avatar_url: null,
  is_super_admin: false,
  accounts: [{ account_id: 1, account_name: 'Acme', role: 'admin' }],
};

const quiet: Realtime = {
  status: 'online',
  subscribe: () => () => undefined,
  onReconnect: () => () => undefined,
  sendTyping: () => undefined,
  presenceOf: () => 'offline',
};

function renderAs(role: Role, children: ReactNode) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const api = kanbanApi(createApiClient({ baseUrl: 'http://localhost' }), 1);
  return render(
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <KanbanSessionProvider
          session={{ api, accountId: 1, user, role, realtime: quiet, chatwootUrl: null }}
        >
          {children}
        </KanbanSessionProvider>
      </I18nProvider>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('Kanban settings: time rules and the webhook signing key', () => {
  it('edits a time rule in place, adds one and removes one, sending what the form shows', async () => {
    const sent: { method: string; path: string; body: unknown }[] = [];
    let rules = [rule];
    const record = async (request: Request) => {
      const body = request.method === 'GET' || request.method === 'DELETE' ? null : await request.json();
      sent.push({ method: request.method, path: new URL(request.url).pathname, body });
      return body;
    };
    stubFetch({
      '/api/v1/accounts/1/inboxes': () => jsonResponse({ inboxes: [] }),
      '/api/v1/accounts/1/teams': () => jsonResponse({ teams: [] }),
      '/api/v1/accounts/1/kanban/webhook-key': () =>
        jsonResponse({ key_hint: '…beef', created_at: rule.created_at, updated_at: rule.created_at }),
      [`${base}/time-rules`]: async (request) => {
        if (request.method === 'GET') return jsonResponse({ rules });
        const body = (await record(request)) as Omit<TimeRule, 'id' | 'board_id' | 'created_at'>;
        const created = { ...rule, ...body, id: '00000000-0000-4000-8000-0000000000b2' };
        rules = [...rules, created];
        return jsonResponse(created, 201);
      },
      [`${base}/time-rules/${RULE}`]: async (request) => {
        const body = (await record(request)) as Partial<TimeRule> | null;
        if (request.method === 'DELETE') {
          rules = rules.filter((item) => item.id !== RULE);
          return new Response(null, { status: 204 });
        }
        rules = rules.map((item) => (item.id === RULE ? { ...item, ...body } : item));
        return jsonResponse(rules.find((item) => item.id === RULE));
      },
    });
    renderAs('admin', <SettingsView board={board} />);

    const existing = await screen.findByRole('form', { name: 'Regra de tempo 1' });
    expect(within(existing).getByLabelText<HTMLInputElement>('Horas').value).toBe('4');
    fireEvent.change(within(existing).getByLabelText('Horas'), { target: { value: '6.5' } });
    fireEvent.click(within(existing).getByLabelText('Ativa'));
    fireEvent.click(within(existing).getByRole('button', { name: 'Salvar' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      method: 'PATCH',
      path: `${base}/time-rules/${RULE}`,
      body: {
        kind: 'in_stage',
        stage_id: TRIAGE,
        hours: 6.5,
        move_to_stage_id: LATE,
        notify_assignee: true,
        enabled: false,
      },
    });
    await waitFor(() =>
      expect(
        within(screen.getByRole('form', { name: 'Regra de tempo 1' })).getByLabelText<HTMLInputElement>(
          'Ativa',
        ).checked,
      ).toBe(false),
    );

    const added = screen.getByRole('form', { name: 'Nova regra de tempo' });
    fireEvent.change(within(added).getByLabelText('Quando'), { target: { value: 'waiting_reply' } });
    fireEvent.change(within(added).getByLabelText('Horas'), { target: { value: '2' } });
    fireEvent.change(within(added).getByLabelText('Mover para'), { target: { value: LATE } });
    fireEvent.click(within(added).getByRole('button', { name: 'Adicionar regra' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({
      method: 'POST',
      path: `${base}/time-rules`,
      body: {
        kind: 'waiting_reply',
        stage_id: TRIAGE,
        hours: 2,
        move_to_stage_id: LATE,
        notify_assignee: true,
        enabled: true,
      },
    });
    expect(await screen.findByRole('form', { name: 'Regra de tempo 2' })).toBeTruthy();

    fireEvent.click(
      within(screen.getByRole('form', { name: 'Regra de tempo 1' })).getByRole('button', { name: 'Remover' }),
    );
    await waitFor(() =>
      expect(sent.at(-1)).toMatchObject({ method: 'DELETE', path: `${base}/time-rules/${RULE}` }),
    );
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Regra de tempo 2' })).toBeNull());
  });

  it('shows admins the key masked, reveals it on request, and hides the panel from supervisors', async () => {
    const revealed = `${'a'.repeat(60)}beef`;
    stubFetch({
      '/api/v1/accounts/1/inboxes': () => jsonResponse({ inboxes: [] }),
      '/api/v1/accounts/1/teams': () => jsonResponse({ teams: [] }),
      [`${base}/time-rules`]: () => jsonResponse({ rules: [] }),
      '/api/v1/accounts/1/kanban/webhook-key': () =>
        jsonResponse({ key_hint: '…beef', created_at: rule.created_at, updated_at: rule.created_at }),
      '/api/v1/accounts/1/kanban/webhook-key/reveal': () =>
        jsonResponse({
          key: revealed,
          key_hint: '…beef',
          created_at: rule.created_at,
          updated_at: rule.created_at,
        }),
    });
    const view = renderAs('admin', <SettingsView board={board} />);
    const panel = await screen.findByTestId('kanban-webhook-key');
    expect(await within(panel).findByText('Chave atual: …beef')).toBeTruthy();
    expect(within(panel).queryByTestId('kanban-webhook-key-value')).toBeNull();
    fireEvent.click(within(panel).getByRole('button', { name: 'Mostrar chave' }));
    expect((await within(panel).findByTestId('kanban-webhook-key-value')).textContent).toBe(revealed);
    view.unmount();

    renderAs('supervisor', <SettingsView board={board} />);
    expect(await screen.findByText('Nenhuma regra de tempo ainda.')).toBeTruthy();
    expect(screen.queryByTestId('kanban-webhook-key')).toBeNull();
  });
});

describe('Kanban metrics CSV export', () => {
  it('downloads the CSV of the whole board or of the chosen stage over the range shown', async () => {
    const asked: URLSearchParams[] = [];
    stubFetch({
      [`${base}/metrics`]: () => jsonResponse({}, 500),
      [`${base}/metrics.csv`]: (request) => {
        asked.push(new URL(request.url).searchParams);
        return new Response('card_id\n', { headers: { 'content-type': 'text/csv; charset=utf-8' } });
      },
    });
    const saved: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:csv');
    vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    renderAs('agent', <MetricsView board={board} />);

    const csv = await screen.findByTestId('kanban-metrics-csv');
    fireEvent.click(within(csv).getByRole('button', { name: 'Baixar CSV' }));
    await waitFor(() => expect(saved).toEqual([`kanban-board-${BOARD}.csv`]));
    fireEvent.change(within(csv).getByLabelText('Cards de'), { target: { value: LATE } });
    fireEvent.click(within(csv).getByRole('button', { name: 'Baixar CSV' }));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(saved[1]).toBe(`kanban-stage-${LATE}.csv`);
    expect(asked.map((query) => query.get('stage_id'))).toEqual([null, LATE]);
    const [first] = asked;
    expect(Date.parse(first!.get('to')!) - Date.parse(first!.get('from')!)).toBe(31 * 86_400_000);
  });
});
