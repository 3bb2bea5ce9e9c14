import type { VictoriaMetricsProcess } from '@settle/exporter-vm/testing';

/** Grafana's variables as the test sets them: all zones/accounts/jobs, a given step, the whole run as range. */
export interface Substitution {
  readonly stepSeconds: number;
  readonly rangeSeconds: number;
  readonly rateIntervalSeconds: number;
}

export function substitute(expr: string, s: Substitution): string {
  return expr
    .replaceAll('$__interval_ms', String(s.stepSeconds * 1000))
    .replaceAll('$__interval', `${s.stepSeconds}s`)
    .replaceAll('$__rate_interval', `${s.rateIntervalSeconds}s`)
    .replaceAll('$__range', `${s.rangeSeconds}s`)
    .replace(/\$(zone|account|job|instance)\b/g, '.*');
}

export interface QueryOutcome {
  readonly ok: boolean;
  readonly error?: string;
  /** Series with at least one finite value. */
  readonly series: number;
}

interface PromReply {
  status: string;
  error?: string;
  data?: { result: { values?: [number, string][]; value?: [number, string] }[] };
}

/** Runs `expr` through VictoriaMetrics' Prometheus query API (range or instant) and counts series with data. */
export async function runQuery(
  vm: VictoriaMetricsProcess,
  expr: string,
  o: { instant: boolean; startS: number; endS: number; stepS: number },
): Promise<QueryOutcome> {
  const params = new URLSearchParams({ query: expr });
  if (o.instant) params.set('time', String(o.endS));
  else {
    params.set('start', String(o.startS));
    params.set('end', String(o.endS));
    params.set('step', `${o.stepS}s`);
  }
  const res = await vm.get(`/api/v1/${o.instant ? 'query' : 'query_range'}?${params.toString()}`);
  let reply: PromReply;
  try {
    reply = JSON.parse(res.body) as PromReply;
  } catch {
    return { ok: false, error: `HTTP ${res.status}: ${res.body.slice(0, 300)}`, series: 0 };
  }
  if (reply.status !== 'success') return { ok: false, error: reply.error ?? res.body.slice(0, 300), series: 0 };
  const finite = (v: string): boolean => Number.isFinite(Number(v));
  const series = (reply.data?.result ?? []).filter((r) =>
    r.values !== undefined ? r.values.some(([, v]) => finite(v)) : r.value !== undefined && finite(r.value[1]),
  ).length;
  return { ok: true, series };
}
