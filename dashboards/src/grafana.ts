/**
 * A small builder for Grafana ≥ 10 dashboard JSON (schemaVersion 39): just the panel kinds the dashboards use,
 * laid out in full-width rows of equal panels, every query on the `${datasource}` variable (a Prometheus-type
 * datasource pointing at VictoriaMetrics or Prometheus).
 */

export type PanelKind = 'timeseries' | 'stat' | 'bargauge';

export interface QuerySpec {
  readonly expr: string;
  readonly legend?: string;
  /** Instant query (a value over the dashboard range) instead of a range query. */
  readonly instant?: boolean;
}

export interface PanelSpec {
  readonly title: string;
  readonly kind: PanelKind;
  readonly description: string;
  readonly unit: string;
  readonly queries: readonly QuerySpec[];
  /** Minimum step: `1m` for per-minute buckets, so one step never falls between two buckets. */
  readonly minInterval?: string;
  readonly stacked?: boolean;
}

/** A time-series panel; `minInterval` only where the panel's series are per-minute buckets. */
export function timeseries(
  title: string,
  unit: string,
  description: string,
  queries: PanelSpec['queries'],
  options: { readonly stacked?: boolean; readonly minInterval?: string } = {},
): PanelSpec {
  return {
    title,
    kind: 'timeseries',
    unit,
    description,
    queries,
    ...(options.minInterval === undefined ? {} : { minInterval: options.minInterval }),
    stacked: options.stacked ?? false,
  };
}

export interface RowSpec {
  readonly title: string;
  /** What the row shows, for the README and the row's collapsed description. */
  readonly summary: string;
  readonly panels: readonly PanelSpec[];
}

export interface VariableSpec {
  readonly name: string;
  readonly label: string;
  /** `label_values(metric, label)` */
  readonly query: string;
}

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly variables: readonly VariableSpec[];
  readonly rows: readonly RowSpec[];
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;
const WIDTH = 24;

function panelJson(p: PanelSpec, id: number, gridPos: object): Record<string, unknown> {
  const targets = p.queries.map((q, i) => ({
    datasource: DATASOURCE,
    refId: String.fromCharCode(65 + i),
    expr: q.expr,
    legendFormat: q.legend ?? '__auto',
    range: q.instant !== true,
    instant: q.instant === true,
    editorMode: 'code',
  }));
  const custom =
    p.kind === 'timeseries'
      ? {
          drawStyle: 'line',
          lineWidth: 1,
          fillOpacity: p.stacked === true ? 60 : 10,
          stacking: { mode: p.stacked === true ? 'normal' : 'none' },
          spanNulls: false,
        }
      : {};
  return {
    id,
    type: p.kind,
    title: p.title,
    description: p.description,
    datasource: DATASOURCE,
    gridPos,
    ...(p.minInterval === undefined ? {} : { interval: p.minInterval }),
    targets,
    fieldConfig: { defaults: { unit: p.unit, custom }, overrides: [] },
    options:
      p.kind === 'timeseries'
        ? {
            legend: { displayMode: 'table', placement: 'right', calcs: ['sum', 'max'] },
            tooltip: { mode: 'multi', sort: 'desc' },
          }
        : p.kind === 'stat'
          ? {
              reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
              colorMode: 'value',
              graphMode: 'none',
            }
          : {
              reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
              orientation: 'horizontal',
              displayMode: 'gradient',
            },
  };
}

function variableJson(v: VariableSpec): Record<string, unknown> {
  return {
    name: v.name,
    label: v.label,
    type: 'query',
    datasource: DATASOURCE,
    query: { query: v.query, refId: `${v.name}-variable` },
    definition: v.query,
    refresh: 2,
    includeAll: true,
    multi: true,
    allValue: '.*',
    current: { selected: true, text: ['All'], value: ['$__all'] },
    sort: 1,
  };
}

/** The dashboard as Grafana's JSON model. */
export function dashboardJson(d: DashboardSpec): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const row of d.rows) {
    panels.push({
      id: id++,
      type: 'row',
      title: row.title,
      description: row.summary,
      collapsed: false,
      gridPos: { h: 1, w: WIDTH, x: 0, y },
      panels: [],
    });
    y += 1;
    const stats = row.panels.filter((p) => p.kind === 'stat');
    const others = row.panels.filter((p) => p.kind !== 'stat');
    if (stats.length > 0) {
      const w = Math.floor(WIDTH / stats.length);
      stats.forEach((p, i) => panels.push(panelJson(p, id++, { h: 4, w, x: i * w, y })));
      y += 4;
    }
    for (let i = 0; i < others.length; i += 2) {
      const pair = others.slice(i, i + 2);
      const w = WIDTH / pair.length;
      pair.forEach((p, j) => panels.push(panelJson(p, id++, { h: 8, w, x: j * w, y })));
      y += 8;
    }
  }
  return {
    uid: d.uid,
    title: d.title,
    description: d.description,
    tags: d.tags,
    schemaVersion: 39,
    version: 1,
    editable: true,
    graphTooltip: 1,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    timezone: '',
    annotations: { list: [] },
    links: [],
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Data source',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
        },
        ...d.variables.map(variableJson),
      ],
    },
    panels,
  };
}

/** Every query of a dashboard, with the panel it belongs to (for tests and the README). */
export function dashboardQueries(d: DashboardSpec): { row: string; panel: PanelSpec; query: QuerySpec }[] {
  return d.rows.flatMap((row) =>
    row.panels.flatMap((panel) => panel.queries.map((query) => ({ row: row.title, panel, query }))),
  );
}
