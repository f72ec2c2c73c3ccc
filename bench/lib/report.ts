import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from './load';

export interface Row extends LoadResult {
  target: string;
  route: string;
  /** req/s of this row divided by the baseline's req/s in the same run. */
  ratio: number;
  /** req/s divided by the same server's one-query route (`/api/v1/meta`) in the same run. */
  ratioToOneQuery?: number | undefined;
}

const formatInt = (value: number) => value.toLocaleString('en-US');
const formatMs = (value: number) => value.toFixed(value < 10 ? 2 : 1);

/** A Markdown table, so the printed output can be pasted into docs/PERFORMANCE.md as it is. */
export function formatTable(rows: Row[]): string {
  const header = [
    'target',
    'route',
    'req/s',
    'p50 ms',
    'p99 ms',
    'vs baseline',
    'vs one query',
    'Hub CPU ms/req',
    'PG CPU ms/req',
  ];
  const cpu = (ms: number | undefined) => (ms === undefined ? '' : ms.toFixed(3));
  const body = rows.map((row) => [
    row.target,
    row.route,
    formatInt(row.rps),
    formatMs(row.p50),
    formatMs(row.p99),
    `${row.ratio.toFixed(3)}${row.non2xx + row.errors > 0 ? ` (${row.non2xx} non-2xx, ${row.errors} errors)` : ''}`,
    row.ratioToOneQuery === undefined ? '' : row.ratioToOneQuery.toFixed(3),
    cpu(row.cpu?.hub),
    cpu(row.cpu?.database),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]!.length)),
  );
  const numeric = new Set([2, 3, 4, 5, 6, 7, 8]);
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (numeric.has(column) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

/** Writes `results/<timestamp>.json` and returns its path. */
export function writeResults(directory: string, startedAt: Date, report: object): string {
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
