import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type Board,
  type CreateTimeRule,
  type TimeRule,
  type TimeRuleKind,
  timeRuleKinds,
} from '@whatpro/contracts';
import { type FormEvent, useId, useState } from 'react';
import { useT } from '../i18n/i18n';
import { errorText, kanbanKeys, useKanbanSession } from './session';

type RuleFields = Omit<CreateTimeRule, 'enabled'> & { enabled: boolean };

const inputClass = 'h-8 rounded-lg bg-n-background px-2 text-sm outline outline-1 outline-n-strong';
const kindLabel = { in_stage: 'kanban.rules.inStage', waiting_reply: 'kanban.rules.waitingReply' } as const;

/** One rule's fields as a form: an existing rule is saved whole (PATCH), a new one created. */
function RuleForm({
  board,
  initial,
  label,
  submitLabel,
  onSubmit,
  onDelete,
}: {
  board: Board;
  initial: RuleFields;
  label: string;
  submitLabel: string;
  onSubmit(fields: RuleFields): Promise<unknown>;
  onDelete?: () => Promise<unknown>;
}) {
  const t = useT();
  const [fields, setFields] = useState(initial);
  const set = <K extends keyof RuleFields>(key: K, value: RuleFields[K]) =>
    setFields((current) => ({ ...current, [key]: value }));
  const ids = { kind: useId(), stage: useId(), hours: useId(), move: useId() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSubmit(fields);
  };
  return (
    <form
      onSubmit={submit}
      aria-label={label}
      className="flex flex-wrap items-end gap-3 rounded-xl bg-n-solid-2 p-3 text-sm outline outline-1 outline-n-weak"
      data-testid="kanban-time-rule"
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.kind} className="text-n-slate-11 text-xs">
          {t('kanban.rules.kind')}
        </label>
        <select
          id={ids.kind}
          value={fields.kind}
          onChange={(event) => set('kind', event.target.value as TimeRuleKind)}
          className={inputClass}
        >
          {timeRuleKinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(kindLabel[kind])}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.hours} className="text-n-slate-11 text-xs">
          {t('kanban.rules.hours')}
        </label>
        <input
          id={ids.hours}
          type="number"
          min={0.1}
          step="any"
          required
          value={fields.hours}
          onChange={(event) => set('hours', Number(event.target.value))}
          className={`${inputClass} w-24`}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.stage} className="text-n-slate-11 text-xs">
          {t('kanban.rules.stage')}
        </label>
        <select
          id={ids.stage}
          value={fields.stage_id}
          onChange={(event) => set('stage_id', event.target.value)}
          className={inputClass}
        >
          {board.stages.map((stage) => (
            <option key={stage.id} value={stage.id}>
              {stage.name}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.move} className="text-n-slate-11 text-xs">
          {t('kanban.rules.moveTo')}
        </label>
        <select
          id={ids.move}
          value={fields.move_to_stage_id ?? ''}
          onChange={(event) => set('move_to_stage_id', event.target.value || null)}
          className={inputClass}
        >
          <option value="">{t('kanban.rules.noMove')}</option>
          {board.stages
            .filter((stage) => stage.id !== fields.stage_id)
            .map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.name}
              </option>
            ))}
        </select>
      </div>
      <label className="flex h-8 items-center gap-1">
        <input
          type="checkbox"
          checked={fields.notify_assignee}
          onChange={(event) => set('notify_assignee', event.target.checked)}
        />
        {t('kanban.rules.notify')}
      </label>
      <label className="flex h-8 items-center gap-1">
        <input
          type="checkbox"
          checked={fields.enabled}
          onChange={(event) => set('enabled', event.target.checked)}
        />
        {t('kanban.rules.enabled')}
      </label>
      <button type="submit" className="h-8 rounded-lg bg-n-brand px-3 text-white">
        {submitLabel}
      </button>
      {onDelete ? (
        <button
          type="button"
          onClick={() => void onDelete()}
          className="h-8 rounded-lg px-2 text-n-ruby-11 hover:bg-n-ruby-3"
        >
          {t('kanban.rules.delete')}
        </button>
      ) : null}
    </form>
  );
}

const fieldsOf = (rule: TimeRule): RuleFields => ({
  kind: rule.kind,
  stage_id: rule.stage_id,
  hours: rule.hours,
  move_to_stage_id: rule.move_to_stage_id,
  notify_assignee: rule.notify_assignee,
  enabled: rule.enabled,
});

/** The board's time rules: each editable in place (hours, stages, notice, on/off), plus one to add. */
export function TimeRulesEditor({ board, onMessage }: { board: Board; onMessage(message: string): void }) {
  const t = useT();
  const { api, accountId } = useKanbanSession();
  const queryClient = useQueryClient();
  const key = [...kanbanKeys.all(accountId), 'time-rules', board.id];
  const rules = useQuery({ queryKey: key, queryFn: ({ signal }) => api.timeRules(board.id, signal) });
  const done = () => {
    onMessage(t('kanban.settings.saved'));
    return queryClient.invalidateQueries({ queryKey: key });
  };
  const failed = (error: unknown) => onMessage(errorText(error));
  const first = board.stages[0]?.id ?? '';
  const blank: RuleFields = {
    kind: 'in_stage',
    stage_id: first,
    hours: 24,
    move_to_stage_id: null,
    notify_assignee: true,
    enabled: true,
  };
  const list = rules.data ?? [];
  return (
    <div className="flex flex-col gap-2">
      <p className="text-n-slate-11 text-sm">{t('kanban.rules.help')}</p>
      {rules.isSuccess && list.length === 0 ? (
        <p className="text-n-slate-11 text-sm">{t('kanban.rules.none')}</p>
      ) : null}
      {list.map((rule, index) => (
        <RuleForm
          // A saved rule re-creates its form with what the server stored.
          key={`${rule.id}:${JSON.stringify(fieldsOf(rule))}`}
          board={board}
          initial={fieldsOf(rule)}
          label={t('kanban.rules.label', { n: index + 1 })}
          submitLabel={t('kanban.settings.save')}
          onSubmit={(fields) => api.updateTimeRule(board.id, rule.id, fields).then(done, failed)}
          onDelete={() => api.deleteTimeRule(board.id, rule.id).then(done, failed)}
        />
      ))}
      {first ? (
        <RuleForm
          key={`new:${list.length}`}
          board={board}
          initial={blank}
          label={t('kanban.rules.new')}
          submitLabel={t('kanban.rules.add')}
          onSubmit={(fields) => api.createTimeRule(board.id, fields).then(done, failed)}
        />
      ) : null}
    </div>
  );
}
