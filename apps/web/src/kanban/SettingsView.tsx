import { useQueryClient } from '@tanstack/react-query';
import {
  type Board,
  type BoardStage,
  type ConversationStatus,
  conversationStatuses,
  roleCan,
  type UpdateBoardStage,
} from '@whatpro/contracts';
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../api/client';
import { useT } from '../i18n/i18n';
import { errorText, kanbanKeys, useInboxes, useKanbanSession, useTeams } from './session';
import { TimeRulesEditor } from './TimeRules';
import { WebhookKeyPanel } from './WebhookKey';

type Mapping = 'none' | `status:${ConversationStatus}` | 'label';

const inputClass = 'h-8 rounded-lg bg-n-background px-2 text-sm outline outline-1 outline-n-strong';

function StageEditor({
  board,
  stage,
  index,
  onSaved,
  onError,
}: {
  board: Board;
  stage: BoardStage;
  index: number;
  onSaved(board: Board): void;
  onError(message: string): void;
}) {
  const t = useT();
  const { api } = useKanbanSession();
  const [name, setName] = useState(stage.name);
  const [colour, setColour] = useState(stage.colour);
  const [wip, setWip] = useState(stage.wip_limit?.toString() ?? '');
  const [sla, setSla] = useState(stage.sla_hours?.toString() ?? '');
  const [mapping, setMapping] = useState<Mapping>(
    stage.maps_status ? `status:${stage.maps_status}` : stage.maps_label ? 'label' : 'none',
  );
  const [label, setLabel] = useState(stage.maps_label ?? '');
  const ids = {
    name: useId(),
    colour: useId(),
    wip: useId(),
    sla: useId(),
    mapping: useId(),
    label: useId(),
  };

  const run = (pending: Promise<Board>) =>
    pending.then(onSaved, (error: unknown) =>
      onError(error instanceof ApiError ? error.message : String(error)),
    );
  const save = (event: FormEvent) => {
    event.preventDefault();
    const body: UpdateBoardStage = {
      name,
      colour,
      wip_limit: wip ? Number(wip) : null,
      sla_hours: sla ? Number(sla) : null,
      maps_status: mapping.startsWith('status:') ? (mapping.slice(7) as ConversationStatus) : null,
      maps_label: mapping === 'label' && label.trim() ? label.trim() : null,
    };
    void run(api.updateStage(board.id, stage.id, body));
  };
  const previous = board.stages[index - 2]?.id ?? null;
  const next = board.stages[index + 1]?.id;

  return (
    <li
      className="rounded-xl bg-n-solid-2 p-3 outline outline-1 outline-n-weak"
      data-testid="kanban-stage-editor"
    >
      <form onSubmit={save} className="flex flex-wrap items-end gap-3 text-sm">
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.name} className="text-n-slate-11 text-xs">
            {t('kanban.settings.stageName')}
          </label>
          <input
            id={ids.name}
            value={name}
            onChange={(event) => setName(event.target.value)}
            className={inputClass}
            required
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.colour} className="text-n-slate-11 text-xs">
            {t('kanban.settings.colour')}
          </label>
          <input
            id={ids.colour}
            type="color"
            value={colour}
            onChange={(event) => setColour(event.target.value)}
            className="h-8 w-12 rounded"
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.wip} className="text-n-slate-11 text-xs">
            {t('kanban.settings.wip')}
          </label>
          <input
            id={ids.wip}
            type="number"
            min={1}
            value={wip}
            onChange={(event) => setWip(event.target.value)}
            className={`${inputClass} w-24`}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.sla} className="text-n-slate-11 text-xs">
            {t('kanban.settings.sla')}
          </label>
          <input
            id={ids.sla}
            type="number"
            min={1}
            value={sla}
            onChange={(event) => setSla(event.target.value)}
            className={`${inputClass} w-24`}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.mapping} className="text-n-slate-11 text-xs">
            {t('kanban.settings.mapping')}
          </label>
          <select
            id={ids.mapping}
            value={mapping}
            onChange={(event) => setMapping(event.target.value as Mapping)}
            className={inputClass}
          >
            <option value="none">{t('kanban.settings.mapsNone')}</option>
            {conversationStatuses.map((status) => (
              <option key={status} value={`status:${status}`}>
                {t('kanban.settings.mapsStatus', { status: t(`kanban.status.${status}`) })}
              </option>
            ))}
            <option value="label">{t('kanban.settings.mapsLabel')}</option>
          </select>
        </div>
        {mapping === 'label' ? (
          <div className="flex flex-col gap-1">
            <label htmlFor={ids.label} className="text-n-slate-11 text-xs">
              {t('kanban.settings.label')}
            </label>
            <input
              id={ids.label}
              value={label}
              onChange={(event) => setLabel(event.target.value)}
              className={inputClass}
              required
            />
          </div>
        ) : null}
        <button type="submit" className="h-8 rounded-lg bg-n-brand px-3 text-white">
          {t('kanban.settings.save')}
        </button>
        <button
          type="button"
          disabled={index === 0}
          onClick={() => void run(api.updateStage(board.id, stage.id, { after_stage_id: previous }))}
          aria-label={t('kanban.settings.moveLeft', { name: stage.name })}
          className="h-8 rounded-lg px-2 text-n-slate-11 hover:bg-n-alpha-2 disabled:opacity-40"
        >
          ←
        </button>
        <button
          type="button"
          disabled={next === undefined}
          onClick={() => next && void run(api.updateStage(board.id, stage.id, { after_stage_id: next }))}
          aria-label={t('kanban.settings.moveRight', { name: stage.name })}
          className="h-8 rounded-lg px-2 text-n-slate-11 hover:bg-n-alpha-2 disabled:opacity-40"
        >
          →
        </button>
        <button
          type="button"
          onClick={() => void run(api.deleteStage(board.id, stage.id))}
          className="h-8 rounded-lg px-2 text-n-ruby-11 hover:bg-n-ruby-3"
        >
          {t('kanban.settings.delete')}
        </button>
      </form>
    </li>
  );
}

function BoardFiltersEditor({
  board,
  onSaved,
  onError,
}: {
  board: Board;
  onSaved(board: Board): void;
  onError(message: string): void;
}) {
  const t = useT();
  const { api } = useKanbanSession();
  const inboxes = useInboxes().data ?? [];
  const teams = useTeams().data ?? [];
  const [inboxIds, setInboxIds] = useState(board.filter_inbox_ids);
  const [teamIds, setTeamIds] = useState(board.filter_team_ids);
  const toggle = (list: number[], id: number) =>
    list.includes(id) ? list.filter((item) => item !== id) : [...list, id];
  return (
    <form
      className="flex flex-col gap-3 text-sm"
      onSubmit={(event) => {
        event.preventDefault();
        void api
          .updateBoard(board.id, { filter_inbox_ids: inboxIds, filter_team_ids: teamIds })
          .then(onSaved, (error: unknown) => onError(errorText(error)));
      }}
    >
      <p className="text-n-slate-11">{t('kanban.settings.filtersHelp')}</p>
      <fieldset className="flex flex-wrap gap-3">
        <legend className="mb-1 text-n-slate-11 text-xs">{t('kanban.settings.filterInboxes')}</legend>
        {inboxes.map((inbox) => (
          <label key={inbox.chatwoot_inbox_id} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={inboxIds.includes(inbox.chatwoot_inbox_id)}
              onChange={() => setInboxIds(toggle(inboxIds, inbox.chatwoot_inbox_id))}
            />
            {inbox.name}
          </label>
        ))}
      </fieldset>
      <fieldset className="flex flex-wrap gap-3">
        <legend className="mb-1 text-n-slate-11 text-xs">{t('kanban.settings.filterTeams')}</legend>
        {teams.map((team) => (
          <label key={team.chatwoot_team_id} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={teamIds.includes(team.chatwoot_team_id)}
              onChange={() => setTeamIds(toggle(teamIds, team.chatwoot_team_id))}
            />
            {team.name}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="h-8 w-fit rounded-lg bg-n-brand px-3 text-white">
        {t('kanban.settings.save')}
      </button>
    </form>
  );
}

/**
 * Stages (add, reorder, colour, WIP, SLA, status or label), the board's inbox and team filters, its time
 * rules, and for admins the account's stage-webhook signing key.
 */
export function SettingsView({ board }: { board: Board }) {
  const t = useT();
  const { api, accountId, role } = useKanbanSession();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState('');
  const [newName, setNewName] = useState('');
  const newId = useId();
  const onSaved = (saved: Board) => {
    queryClient.setQueryData<Board[]>(kanbanKeys.boards(accountId), (boards) =>
      boards?.map((item) => (item.id === saved.id ? saved : item)),
    );
    setMessage(t('kanban.settings.saved'));
  };
  return (
    <div className="flex flex-col gap-6" data-testid="kanban-settings">
      <p role="status" aria-live="polite" className="min-h-5 text-n-slate-11 text-sm">
        {message}
      </p>
      <section className="flex flex-col gap-3">
        <h2 className="font-semibold text-n-slate-12">{t('kanban.settings.stages')}</h2>
        <ol className="flex flex-col gap-2">
          {board.stages.map((stage, index) => (
            <StageEditor
              // A saved board re-creates the editors with what the server stored.
              key={`${stage.id}:${board.updated_at}:${stage.position}`}
              board={board}
              stage={stage}
              index={index}
              onSaved={onSaved}
              onError={setMessage}
            />
          ))}
        </ol>
        <form
          className="flex items-end gap-2 text-sm"
          onSubmit={(event) => {
            event.preventDefault();
            if (!newName.trim()) return;
            void api.addStage(board.id, { name: newName.trim() }).then(
              (saved) => {
                setNewName('');
                onSaved(saved);
              },
              (error: unknown) => setMessage(errorText(error)),
            );
          }}
        >
          <div className="flex flex-col gap-1">
            <label htmlFor={newId} className="text-n-slate-11 text-xs">
              {t('kanban.settings.newStage')}
            </label>
            <input
              id={newId}
              value={newName}
              onChange={(event) => setNewName(event.target.value)}
              className={inputClass}
            />
          </div>
          <button type="submit" className="h-8 rounded-lg bg-n-brand px-3 text-white">
            {t('kanban.settings.addStage')}
          </button>
        </form>
      </section>
      <section className="flex flex-col gap-3">
        <h2 className="font-semibold text-n-slate-12">{t('kanban.settings.filters')}</h2>
        <BoardFiltersEditor key={board.updated_at} board={board} onSaved={onSaved} onError={setMessage} />
      </section>
      <section className="flex flex-col gap-3">
        <h2 className="font-semibold text-n-slate-12">{t('kanban.rules.title')}</h2>
        <TimeRulesEditor board={board} onMessage={setMessage} />
      </section>
      {role !== null && roleCan(role, 'webhooks:manage:account') ? (
        <section className="flex flex-col gap-3">
          <h2 className="font-semibold text-n-slate-12">{t('kanban.webhookKey.title')}</h2>
          <WebhookKeyPanel onMessage={setMessage} />
        </section>
      ) : null}
    </div>
  );
}
