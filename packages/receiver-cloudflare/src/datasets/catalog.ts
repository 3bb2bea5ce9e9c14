import {
  colocation,
  edgeErrorsByPath,
  firewallEvents,
  healthChecks,
  originStatusCountryHost,
  statusCountryHost,
} from './adaptive.js';
import { logpushAccount, logpushZone, r2Operations, r2Storage, workers } from './account.js';
import { httpRequests } from './http-requests.js';
import { loadBalancing, loadBalancingHealth } from './load-balancing.js';
import type { DatasetSpec } from './types.js';

/** Every dataset the receiver can collect, by the id used under `datasets:` in the config. */
export const DATASETS: readonly DatasetSpec[] = [
  httpRequests,
  firewallEvents,
  colocation,
  statusCountryHost,
  originStatusCountryHost,
  healthChecks,
  edgeErrorsByPath,
  loadBalancing,
  loadBalancingHealth,
  logpushZone,
  workers,
  r2Operations,
  r2Storage,
  logpushAccount,
];

export const DATASET_IDS = DATASETS.map((d) => d.id) as [string, ...string[]];

/** What is collected when the config names no datasets: the unsampled totals and the firewall events. */
export const DEFAULT_DATASETS: readonly string[] = ['http_requests', 'firewall_events'];

export function datasetById(id: string): DatasetSpec {
  const spec = DATASETS.find((d) => d.id === id);
  if (spec === undefined) throw new TypeError(`unknown dataset "${id}" (known: ${DATASET_IDS.join(', ')})`);
  return spec;
}

/** One row of the mapping table (README, `settle components`, tests). */
export interface MappingRow {
  readonly datasetId: string;
  readonly scope: 'zone' | 'account';
  readonly kind: 'sum' | 'gauge';
  readonly dataset: string;
  readonly field: string;
  readonly metric: string;
  readonly labels: readonly string[];
  readonly unit: string;
}

export function mappingTable(specs: readonly DatasetSpec[] = DATASETS): MappingRow[] {
  const rows: MappingRow[] = [];
  for (const spec of specs) {
    for (const m of spec.metrics) {
      const dropped = new Set(m.dropLabels ?? []);
      const labels = [
        ...(spec.scope === 'account' ? [] : ['zone']),
        'account',
        ...spec.dimensions.map((d) => d.label).filter((l) => !dropped.has(l)),
        ...(m.mapLabels ?? []).map((l) => l.label),
        ...Object.keys(m.constLabels ?? {}),
      ];
      rows.push({
        datasetId: spec.id,
        scope: spec.scope ?? 'zone',
        kind: m.kind ?? 'sum',
        dataset: spec.dataset,
        field: m.map === undefined ? m.value : `${m.map}[].${m.value}`,
        metric: m.name,
        labels,
        unit: m.unit,
      });
    }
  }
  return rows;
}
