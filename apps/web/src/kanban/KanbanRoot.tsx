import type { CurrentUser } from '@whatpro/contracts';
import { useId, useMemo, useState } from 'react';
import { api } from '../api/client';
import { useAppInfo } from '../api/queries';
import { useT } from '../i18n/i18n';
import { roleIn } from '../permissions';
import { useRealtimeConnection } from '../realtime/RealtimeProvider';
import { kanbanApi } from './api';
import { BoardView } from './BoardView';
import { CardDrawer } from './CardDrawer';
import { MetricsView } from './MetricsView';
import { SettingsView } from './SettingsView';
import {
  KanbanSessionProvider,
  useBoards,
  useKanbanLiveUpdates,
  useKanbanPermissions,
  useKanbanSession,
} from './session';

type Tab = 'board' | 'metrics' | 'settings';

function KanbanScreens() {
  const t = useT();
  const { realtime } = useKanbanSession();
  const { canManage } = useKanbanPermissions();
  const boards = useBoards();
  const [chosenBoardId, setChosenBoardId] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('board');
  const [openCardId, setOpenCardId] = useState<string | null>(null);
  const boardSelectId = useId();
  useKanbanLiveUpdates();

  const active = (boards.data ?? []).filter((board) => board.archived_at === null);
  const board =
    active.find((item) => item.id === chosenBoardId) ??
    active.find((item) => item.is_default) ??
    active[0] ??
    null;

  if (boards.isPending) {
    return (
      <p role="status" className="p-6 text-n-slate-11 text-sm">
        {t('kanban.loading')}
      </p>
    );
  }
  if (boards.isError) {
    return (
      <p role="alert" className="p-6 text-n-ruby-11 text-sm">
        {t('kanban.loadFailed')}
      </p>
    );
  }
  if (!board) return <p className="p-6 text-n-slate-11 text-sm">{t('kanban.noBoards')}</p>;

  const tabs: Tab[] = canManage ? ['board', 'metrics', 'settings'] : ['board', 'metrics'];
  return (
    <div
      className="flex h-full min-h-0 flex-col gap-3 p-4"
      data-testid="kanban-screens"
      data-board-id={board.id}
    >
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor={boardSelectId} className="text-n-slate-11 text-sm">
          {t('kanban.board')}
        </label>
        <select
          id={boardSelectId}
          value={board.id}
          onChange={(event) => {
            setChosenBoardId(event.target.value);
            setOpenCardId(null);
          }}
          className="h-8 rounded-lg bg-n-background px-2 text-sm outline outline-1 outline-n-strong"
        >
          {active.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name}
            </option>
          ))}
        </select>
        <div role="tablist" aria-label={t('kanban.views')} className="flex gap-1">
          {tabs.map((item) => (
            <button
              key={item}
              type="button"
              role="tab"
              aria-selected={tab === item}
              onClick={() => setTab(item)}
              className={`h-8 rounded-lg px-3 text-sm ${
                tab === item
                  ? 'bg-n-alpha-2 font-medium text-n-slate-12'
                  : 'text-n-slate-11 hover:bg-n-alpha-2'
              }`}
            >
              {t(`kanban.tab.${item}`)}
            </button>
          ))}
        </div>
        {realtime.status === 'reconnecting' ? (
          <p role="status" className="text-n-amber-11 text-xs">
            {t('kanban.offline')}
          </p>
        ) : null}
      </div>
      {tab === 'board' ? (
        <BoardView board={board} onOpenCard={setOpenCardId} />
      ) : tab === 'metrics' ? (
        <div className="min-h-0 flex-1 overflow-y-auto">
          <MetricsView board={board} />
        </div>
      ) : (
        <div className="min-h-0 flex-1 overflow-y-auto">
          <SettingsView board={board} />
        </div>
      )}
      {openCardId ? (
        <CardDrawer board={board} cardId={openCardId} onClose={() => setOpenCardId(null)} />
      ) : null}
    </div>
  );
}

/** The Kanban of one account for the signed-in user: API, realtime connection and screens. */
export function KanbanRoot({ user, accountId }: { user: CurrentUser; accountId: number }) {
  const kanban = useMemo(() => kanbanApi(api, accountId), [accountId]);
  const realtime = useRealtimeConnection(api, accountId);
  const chatwootUrl = useAppInfo().data?.chatwoot_url ?? null;
  const session = useMemo(
    () => ({ api: kanban, accountId, user, role: roleIn(user, accountId), realtime, chatwootUrl }),
    [kanban, accountId, user, realtime, chatwootUrl],
  );
  return (
    <KanbanSessionProvider session={session}>
      <KanbanScreens key={accountId} />
    </KanbanSessionProvider>
  );
}
