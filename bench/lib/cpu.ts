import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture Node runs on. */
const MS_PER_TICK = 10;

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc; undefined where there is no /proc
 * or the process is gone. CPU time is what a request costs whatever else the machine runs, while req/s
 * on a shared machine mostly measures the neighbours.
 */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return undefined;
  }
}

/** The server processes of one PostgreSQL database (the Hub's connections to it), when on this machine. */
async function backendPids(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

export interface CpuSample {
  hubMs: number | undefined;
  /** Per backend pid, so connections opened during the measurement count from zero. */
  backends: Map<number, number>;
}

export async function sampleCpu(hubPid: number, databaseUrl: string | undefined): Promise<CpuSample> {
  const backends = new Map<number, number>();
  for (const pid of databaseUrl ? await backendPids(databaseUrl) : []) {
    const ms = processCpuMs(pid);
    if (ms !== undefined) backends.set(pid, ms);
  }
  return { hubMs: processCpuMs(hubPid), backends };
}

export interface CpuPerRequest {
  /** ms of the Hub process's CPU per request. */
  hub: number | undefined;
  /** ms of PostgreSQL backend CPU per request (the Hub's connections; backends that exited are missed). */
  database: number | undefined;
}

export function cpuPerRequest(before: CpuSample, after: CpuSample, requests: number): CpuPerRequest {
  if (requests <= 0) return { hub: undefined, database: undefined };
  const hub =
    before.hubMs === undefined || after.hubMs === undefined
      ? undefined
      : (after.hubMs - before.hubMs) / requests;
  let databaseMs = 0;
  for (const [pid, ms] of after.backends) databaseMs += ms - (before.backends.get(pid) ?? 0);
  return { hub, database: after.backends.size > 0 ? databaseMs / requests : undefined };
}
