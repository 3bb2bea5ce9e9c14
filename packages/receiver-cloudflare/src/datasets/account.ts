import type { DatasetSpec, MetricSpec } from './types.js';

const QUANTILES = ['P50', 'P75', 'P99', 'P999'] as const;

function quantiles(name: string, field: string, unit: string, description: string): MetricSpec[] {
  return QUANTILES.map((q) => ({
    name,
    value: `quantiles.${field}${q}`,
    unit,
    description,
    kind: 'gauge' as const,
    constLabels: { quantile: q },
    merge: 'max' as const,
  }));
}

/** `workersInvocationsAdaptive`: Workers requests, errors and CPU/duration quantiles per script and status. */
export const workers: DatasetSpec = {
  id: 'workers',
  scope: 'account',
  dataset: 'workersInvocationsAdaptive',
  description: 'Workers requests, errors and CPU time / duration quantiles per script and status (sampled)',
  adaptive: true,
  dimensions: [
    { label: 'script_name', field: 'scriptName' },
    { label: 'status', field: 'status' },
  ],
  metrics: [
    {
      name: 'cloudflare_worker_requests_count',
      value: 'sum.requests',
      unit: '{request}',
      description: 'Requests to a Worker',
    },
    {
      name: 'cloudflare_worker_errors_count',
      value: 'sum.errors',
      unit: '{error}',
      description: 'Worker invocations that failed',
    },
    ...quantiles('cloudflare_worker_cpu_time', 'cpuTime', 'us', 'CPU time quantile of the minute, in microseconds'),
    ...quantiles('cloudflare_worker_duration', 'duration', '{GB.s}', 'Duration quantile of the minute, in GB-seconds'),
  ],
};

/** `r2OperationsAdaptiveGroups`: R2 operations per bucket and action. */
export const r2Operations: DatasetSpec = {
  id: 'r2_operations',
  scope: 'account',
  dataset: 'r2OperationsAdaptiveGroups',
  description: 'R2 operations per bucket and action (sampled)',
  adaptive: true,
  dimensions: [
    { label: 'bucket', field: 'bucketName' },
    { label: 'operation', field: 'actionType' },
  ],
  metrics: [
    { name: 'cloudflare_r2_operation_count', value: 'sum.requests', unit: '{operation}', description: 'R2 operations' },
  ],
};

/** `r2StorageAdaptiveGroups`: bytes stored per bucket, and their total for the account. */
export const r2Storage: DatasetSpec = {
  id: 'r2_storage',
  scope: 'account',
  dataset: 'r2StorageAdaptiveGroups',
  description: 'R2 bytes stored per bucket and in total',
  adaptive: true,
  dimensions: [{ label: 'bucket', field: 'bucketName' }],
  metrics: [
    {
      name: 'cloudflare_r2_storage_bytes',
      value: 'max.payloadSize',
      unit: 'By',
      description: 'Bytes stored in an R2 bucket',
      kind: 'gauge',
      merge: 'max',
    },
    {
      name: 'cloudflare_r2_storage_total_bytes',
      value: 'max.payloadSize',
      unit: 'By',
      description: 'Bytes stored in R2, all buckets of the account',
      kind: 'gauge',
      dropLabels: ['bucket'],
      merge: 'sum',
    },
  ],
};

const logpushDimensions = [
  { label: 'destination', field: 'destinationType' },
  { label: 'job_id', field: 'jobId' },
  { label: 'final', field: 'final' },
] as const;

/** `logpushHealthAdaptiveGroups` under the account: failed Logpush uploads (status ≠ 200). */
export const logpushAccount: DatasetSpec = {
  id: 'logpush_account',
  scope: 'account',
  dataset: 'logpushHealthAdaptiveGroups',
  description: 'failed account-level Logpush uploads per destination, job and finality (sampled)',
  adaptive: true,
  dimensions: logpushDimensions,
  filter: { status_neq: 200 },
  metrics: [
    {
      name: 'cloudflare_logpush_failed_jobs_account_count',
      value: 'count',
      unit: '{upload}',
      description: 'Failed account-level Logpush uploads',
    },
  ],
};

/** `logpushHealthAdaptiveGroups` under zones: failed zone-level Logpush uploads. */
export const logpushZone: DatasetSpec = {
  id: 'logpush_zone',
  dataset: 'logpushHealthAdaptiveGroups',
  description: 'failed zone-level Logpush uploads per destination, job and finality (sampled)',
  adaptive: true,
  dimensions: logpushDimensions,
  filter: { status_neq: 200 },
  metrics: [
    {
      name: 'cloudflare_logpush_failed_jobs_zone_count',
      value: 'count',
      unit: '{upload}',
      description: 'Failed zone-level Logpush uploads',
    },
  ],
};
