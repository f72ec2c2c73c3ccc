import { useQuery } from '@tanstack/react-query';
import type { Board, BoardMetrics, DurationStats } from '@whatpro/contracts';
import { useId, useState } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useT } from '../i18n/i18n';
import { errorText, kanbanKeys, useKanbanSession } from './session';

const DAY = 86_400_000;
const hours = (seconds: number | null) => (seconds === null ? null : Math.round((seconds / 3_600) * 10) / 10);
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The cumulative-flow rows as Recharts wants them: one object per day, one key per stage. */
export function cumulativeFlowRows(metrics: BoardMetrics): Record<string, number | string>[] {
  const { stages, days } = metrics.cumulative_flow;
  return days.map((day) => {
    const row: Record<string, number | string> = { day: day.day.slice(0, 10) };
    stages.forEach((stage, index) => {
      row[stage.stage_id] = day.counts[index] ?? 0;
    });
    return row;
  });
}

/** Average, p50 and p85 of lead and cycle time in hours, side by side. */
export function durationRows(metrics: BoardMetrics, names: { lead: string; cycle: string }) {
  const row = (name: string, stats: DurationStats) => ({
    name,
    average: hours(stats.average),
    p50: hours(stats.p50),
    p85: hours(stats.p85),
    count: stats.count,
  });
  return [row(names.lead, metrics.lead_time), row(names.cycle, metrics.cycle_time)];
}

/** An edge of the distribution in hours, as the chart shows it: hours under a day, days from there. */
const edgeLabel = (hours: number) => (hours < 24 ? `${hours} h` : `${hours / 24} d`);

/**
 * The lead and cycle time distribution as Recharts wants it: one row per bucket, named by its bounds
 * (under the first, between two, from the last up), with the completions of each kind in it.
 */
export function distributionRows(metrics: BoardMetrics) {
  const { edges_hours: edges, lead_time, cycle_time } = metrics.distribution;
  return lead_time.map((lead, index) => ({
    bucket:
      index === 0
        ? `< ${edgeLabel(edges[0] ?? 0)}`
        : index === edges.length
          ? `≥ ${edgeLabel(edges[index - 1] ?? 0)}`
          : `${edgeLabel(edges[index - 1] ?? 0)}–${edgeLabel(edges[index] ?? 0)}`,
    lead,
    cycle: cycle_time[index] ?? 0,
  }));
}

function Chart({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <figure className="flex flex-col gap-2 rounded-xl bg-n-solid-2 p-4 outline outline-1 outline-n-weak">
      <figcaption className="font-medium text-n-slate-12 text-sm">{title}</figcaption>
      <div className="h-64">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

const axis = { stroke: 'currentColor', fontSize: 11 };

/** Saves a file the browser holds in memory, as a download. */
function saveFile(file: Blob, name: string) {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** The CSV of the board's cards over the range, or of one stage's; fetched with the session's token. */
function CsvExport({ board, query }: { board: Board; query: { from: string; to: string } }) {
  const t = useT();
  const { api } = useKanbanSession();
  const [stageId, setStageId] = useState('');
  const [error, setError] = useState('');
  const scopeId = useId();
  const download = () => {
    setError('');
    api.metricsCsv(board.id, query, stageId || undefined).then(
      (file) => saveFile(file, `kanban-${stageId ? `stage-${stageId}` : `board-${board.id}`}.csv`),
      (failure: unknown) => setError(errorText(failure)),
    );
  };
  return (
    <fieldset className="flex flex-wrap items-end gap-2" data-testid="kanban-metrics-csv">
      <legend className="sr-only">{t('kanban.metrics.csv')}</legend>
      <div className="flex flex-col gap-1">
        <label htmlFor={scopeId} className="text-n-slate-11 text-xs">
          {t('kanban.metrics.csvScope')}
        </label>
        <select
          id={scopeId}
          value={stageId}
          onChange={(event) => setStageId(event.target.value)}
          className="h-8 rounded-lg bg-n-background px-2 outline outline-1 outline-n-strong"
        >
          <option value="">{t('kanban.metrics.csvWholeBoard')}</option>
          {board.stages.map((stage) => (
            <option key={stage.id} value={stage.id}>
              {stage.name}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        onClick={download}
        className="h-8 rounded-lg px-3 outline outline-1 outline-n-strong hover:bg-n-alpha-2"
      >
        {t('kanban.metrics.csvDownload')}
      </button>
      {error ? (
        <p role="alert" className="text-n-ruby-11">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * Lead and cycle time, throughput, time in stage and cumulative flow of one board over a date range, and
 * the CSV of its cards (or of one stage's).
 */
export function MetricsView({ board }: { board: Board }) {
  const t = useT();
  const { api, accountId } = useKanbanSession();
  const [range, setRange] = useState(() => ({ from: isoDay(Date.now() - 30 * DAY), to: isoDay(Date.now()) }));
  const fromId = useId();
  const toId = useId();
  const query = {
    from: new Date(`${range.from}T00:00:00.000Z`).toISOString(),
    // The end day is included: the API's `to` is exclusive.
    to: new Date(Date.parse(`${range.to}T00:00:00.000Z`) + DAY).toISOString(),
  };
  const metrics = useQuery({
    queryKey: [...kanbanKeys.all(accountId), 'metrics', board.id, query],
    queryFn: ({ signal }) => api.metrics(board.id, query, signal),
  });
  const colours = new Map(board.stages.map((stage) => [stage.id, stage.colour]));
  const data = metrics.data;

  return (
    <div className="flex flex-col gap-4" data-testid="kanban-metrics">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <div className="flex flex-col gap-1">
          <label htmlFor={fromId} className="text-n-slate-11 text-xs">
            {t('kanban.metrics.from')}
          </label>
          <input
            id={fromId}
            type="date"
            value={range.from}
            max={range.to}
            onChange={(event) => event.target.value && setRange({ ...range, from: event.target.value })}
            className="h-8 rounded-lg bg-n-background px-2 outline outline-1 outline-n-strong"
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={toId} className="text-n-slate-11 text-xs">
            {t('kanban.metrics.to')}
          </label>
          <input
            id={toId}
            type="date"
            value={range.to}
            min={range.from}
            onChange={(event) => event.target.value && setRange({ ...range, to: event.target.value })}
            className="h-8 rounded-lg bg-n-background px-2 outline outline-1 outline-n-strong"
          />
        </div>
        <CsvExport board={board} query={query} />
      </div>
      {metrics.isPending ? (
        <p role="status" className="text-n-slate-11 text-sm">
          {t('kanban.loading')}
        </p>
      ) : metrics.isError || !data ? (
        <p role="alert" className="text-n-ruby-11 text-sm">
          {t('kanban.loadFailed')}
        </p>
      ) : (
        <>
          {data.restricted_to_visible_cards ? (
            <p className="text-n-slate-11 text-sm">{t('kanban.metrics.restricted')}</p>
          ) : null}
          <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
            {[
              [t('kanban.metrics.completed'), String(data.throughput.total)],
              [t('kanban.metrics.leadP50'), String(hours(data.lead_time.p50) ?? '—')],
              [t('kanban.metrics.cycleP50'), String(hours(data.cycle_time.p50) ?? '—')],
              [
                t('kanban.metrics.winRate'),
                data.outcomes.win_rate === null ? '—' : `${Math.round(data.outcomes.win_rate * 100)}%`,
              ],
            ].map(([term, value]) => (
              <div key={term} className="rounded-xl bg-n-solid-2 p-3 outline outline-1 outline-n-weak">
                <dt className="text-n-slate-11 text-xs">{term}</dt>
                <dd className="font-semibold text-lg text-n-slate-12">{value}</dd>
              </div>
            ))}
          </dl>
          <div className="grid gap-4 text-n-slate-11 lg:grid-cols-2">
            <Chart title={t('kanban.metrics.leadCycle')}>
              <BarChart
                data={durationRows(data, {
                  lead: t('kanban.metrics.lead'),
                  cycle: t('kanban.metrics.cycle'),
                })}
              >
                <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
                <XAxis dataKey="name" tick={axis} />
                <YAxis tick={axis} unit="h" />
                <Tooltip />
                <Legend />
                <Bar dataKey="p50" name="p50" fill="#1f93ff" />
                <Bar dataKey="p85" name="p85" fill="#8e4ec6" />
                <Bar dataKey="average" name={t('kanban.metrics.average')} fill="#12a594" />
              </BarChart>
            </Chart>
            <Chart title={t('kanban.metrics.distribution')}>
              <BarChart data={distributionRows(data)}>
                <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
                <XAxis dataKey="bucket" tick={axis} />
                <YAxis tick={axis} allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Bar dataKey="lead" name={t('kanban.metrics.lead')} fill="#1f93ff" />
                <Bar dataKey="cycle" name={t('kanban.metrics.cycle')} fill="#8e4ec6" />
              </BarChart>
            </Chart>
            <Chart title={t('kanban.metrics.throughput')}>
              <BarChart data={data.throughput.per_day.map((day) => ({ ...day, day: day.day.slice(0, 10) }))}>
                <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
                <XAxis dataKey="day" tick={axis} />
                <YAxis tick={axis} allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="completed" name={t('kanban.metrics.completed')} fill="#1f93ff" />
              </BarChart>
            </Chart>
            <Chart title={t('kanban.metrics.timeInStage')}>
              <BarChart
                data={data.time_in_stage.map((stage) => ({
                  name: stage.stage_name,
                  p50: hours(stage.p50),
                  average: hours(stage.average),
                }))}
              >
                <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
                <XAxis dataKey="name" tick={axis} />
                <YAxis tick={axis} unit="h" />
                <Tooltip />
                <Legend />
                <Bar dataKey="p50" name="p50" fill="#1f93ff" />
                <Bar dataKey="average" name={t('kanban.metrics.average')} fill="#12a594" />
              </BarChart>
            </Chart>
            <Chart title={t('kanban.metrics.cumulativeFlow')}>
              <AreaChart data={cumulativeFlowRows(data)}>
                <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
                <XAxis dataKey="day" tick={axis} />
                <YAxis tick={axis} allowDecimals={false} />
                <Tooltip />
                <Legend />
                {data.cumulative_flow.stages
                  .slice()
                  .reverse()
                  .map((stage) => (
                    <Area
                      key={stage.stage_id}
                      type="monotone"
                      dataKey={stage.stage_id}
                      name={stage.stage_name}
                      stackId="flow"
                      stroke={colours.get(stage.stage_id) ?? '#1f93ff'}
                      fill={colours.get(stage.stage_id) ?? '#1f93ff'}
                      fillOpacity={0.5}
                    />
                  ))}
              </AreaChart>
            </Chart>
          </div>
        </>
      )}
    </div>
  );
}
