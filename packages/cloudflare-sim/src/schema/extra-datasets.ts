import { hashOf, Rng } from '../model/random.js';
import type { FieldDef, ScalarName } from './datasets.js';

/**
 * Datasets beyond HTTP traffic, generated per (entity, minute) rather than from the request cells: Workers,
 * R2, Logpush (account and zone), load balancing and health checks. Names, fields, filters and argument shapes
 * follow Cloudflare's schema as its public exporters query it (see the README). Each row has dimension values
 * and numbers; counts and sums settle like traffic (scaled by the minute's settle level), gauges (`max`,
 * `quantiles`, `avg`) show their final value from the first visible step.
 */

export type ExtraScope = 'zone' | 'account';

export interface ExtraRow {
  readonly dims: Readonly<Record<string, string | number>>;
  readonly count?: number;
  readonly sum?: Readonly<Record<string, number>>;
  readonly max?: Readonly<Record<string, number>>;
  readonly quantiles?: Readonly<Record<string, number>>;
  readonly avg?: Readonly<Record<string, number>>;
}

export interface ExtraDatasetDef {
  readonly name: string;
  readonly scope: ExtraScope;
  /** Type-name prefix as in Cloudflare's schema: Account… or Zone… */
  readonly typeName: string;
  /** Non-time dimensions (time dimensions are added by the SDL and readers). */
  readonly dimensions: readonly FieldDef[];
  readonly count: boolean;
  readonly sum: readonly string[];
  readonly max: readonly string[];
  readonly quantiles: readonly string[];
  readonly avg: readonly string[];
  /** The final rows of one minute of one entity (zone or account, identified by `key`). */
  readonly rows: (seed: number, key: string, minuteMs: number) => ExtraRow[];
}

const f = (name: string, type: ScalarName): FieldDef => ({ name, type });
const rngOf = (seed: number, dataset: string, key: string, minuteMs: number): Rng =>
  new Rng(hashOf(seed, 'extra', dataset, key, minuteMs));
/** Daily-ish swing so series are not flat. */
const swing = (minuteMs: number): number => 1 + 0.3 * Math.sin((minuteMs / 86_400_000) * 2 * Math.PI);

const SCRIPTS = ['api-gateway', 'image-resizer', 'auth-edge'] as const;
const WORKER_STATUSES = [
  ['success', 0.96],
  ['clientDisconnected', 0.025],
  ['scriptThrewException', 0.015],
] as const;

const workers: ExtraDatasetDef = {
  name: 'workersInvocationsAdaptive',
  scope: 'account',
  typeName: 'AccountWorkersInvocationsAdaptive',
  dimensions: [f('scriptName', 'string'), f('status', 'string')],
  count: false,
  sum: ['requests', 'errors', 'subrequests', 'duration'],
  max: [],
  quantiles: [
    'cpuTimeP50',
    'cpuTimeP75',
    'cpuTimeP99',
    'cpuTimeP999',
    'durationP50',
    'durationP75',
    'durationP99',
    'durationP999',
  ],
  avg: ['sampleInterval'],
  rows: (seed, key, minuteMs) => {
    const rows: ExtraRow[] = [];
    SCRIPTS.forEach((scriptName, i) => {
      const rng = rngOf(seed, 'workers', `${key}/${scriptName}`, minuteMs);
      const base = Math.round((400 / (i + 1)) * swing(minuteMs) * rng.between(0.8, 1.2));
      const cpu = rng.between(0.5, 4) * (i + 1);
      for (const [status, share] of WORKER_STATUSES) {
        const requests = Math.round(base * share);
        if (requests === 0) continue;
        const errors = status === 'success' ? 0 : requests;
        const duration = rng.between(0.001, 0.01) * requests; // GB-s
        rows.push({
          dims: { scriptName, status },
          sum: { requests, errors, subrequests: Math.round(requests * rng.between(0, 2)), duration },
          quantiles: {
            cpuTimeP50: Math.round(cpu * 1000),
            cpuTimeP75: Math.round(cpu * 1600),
            cpuTimeP99: Math.round(cpu * 4000),
            cpuTimeP999: Math.round(cpu * 9000),
            durationP50: +(cpu * 0.00002).toFixed(6),
            durationP75: +(cpu * 0.00003).toFixed(6),
            durationP99: +(cpu * 0.00008).toFixed(6),
            durationP999: +(cpu * 0.0002).toFixed(6),
          },
          avg: { sampleInterval: 1 },
        });
      }
    });
    return rows;
  },
};

const BUCKETS = ['assets', 'backups', 'logs'] as const;
const R2_ACTIONS = ['GetObject', 'PutObject', 'ListObjects', 'HeadObject', 'DeleteObject'] as const;

const r2Operations: ExtraDatasetDef = {
  name: 'r2OperationsAdaptiveGroups',
  scope: 'account',
  typeName: 'AccountR2OperationsAdaptiveGroups',
  dimensions: [f('actionType', 'string'), f('bucketName', 'string'), f('responseStatusCode', 'uint16')],
  count: false,
  sum: ['requests', 'responseObjectSize'],
  max: [],
  quantiles: [],
  avg: [],
  rows: (seed, key, minuteMs) =>
    BUCKETS.flatMap((bucketName, b) =>
      R2_ACTIONS.flatMap((actionType, a) => {
        const rng = rngOf(seed, 'r2ops', `${key}/${bucketName}/${actionType}`, minuteMs);
        const requests = Math.round((120 / (a + 1) / (b + 1)) * swing(minuteMs) * rng.between(0.5, 1.5));
        if (requests === 0) return [];
        return [
          {
            dims: { actionType, bucketName, responseStatusCode: 200 },
            sum: { requests, responseObjectSize: requests * Math.round(rng.between(1_000, 50_000)) },
          },
        ];
      }),
    ),
};

const r2Storage: ExtraDatasetDef = {
  name: 'r2StorageAdaptiveGroups',
  scope: 'account',
  typeName: 'AccountR2StorageAdaptiveGroups',
  dimensions: [f('bucketName', 'string')],
  count: false,
  sum: [],
  max: ['payloadSize', 'metadataSize', 'objectCount', 'uploadCount'],
  quantiles: [],
  avg: [],
  rows: (seed, key, minuteMs) =>
    BUCKETS.map((bucketName, b) => {
      // Storage grows slowly: a base per bucket plus what was written so far today.
      const base = hashOf(seed, 'r2size', key, bucketName) % 50_000_000_000;
      const growth = Math.floor((minuteMs % 86_400_000) / 60_000) * (b + 1) * 1_000_000;
      const objectCount = Math.floor((base + growth) / 250_000);
      return {
        dims: { bucketName },
        max: { payloadSize: base + growth, metadataSize: objectCount * 120, objectCount, uploadCount: b },
      };
    }),
};

const LOGPUSH_JOBS = [
  [101, 's3'],
  [102, 'r2'],
  [103, 'http'],
] as const;

function logpush(scope: ExtraScope): ExtraDatasetDef {
  return {
    name: 'logpushHealthAdaptiveGroups',
    scope,
    typeName: scope === 'account' ? 'AccountLogpushHealthAdaptiveGroups' : 'ZoneLogpushHealthAdaptiveGroups',
    dimensions: [f('jobId', 'uint32'), f('destinationType', 'string'), f('status', 'uint16'), f('final', 'uint8')],
    count: true,
    sum: ['bytes', 'bytesCompressed', 'records', 'uploads'],
    max: [],
    quantiles: [],
    avg: [],
    rows: (seed, key, minuteMs) =>
      LOGPUSH_JOBS.flatMap(([jobId, destinationType]) => {
        const rng = rngOf(seed, 'logpush', `${key}/${jobId}`, minuteMs);
        const uploads = Math.round(rng.between(2, 6));
        // The http destination fails now and then: a 500 that is retried, sometimes for the last time.
        const failed = destinationType === 'http' && rng.next() < 0.4 ? Math.round(rng.between(1, 3)) : 0;
        const rows: ExtraRow[] = [
          { dims: { jobId, destinationType, status: 200, final: 1 }, count: uploads, sum: stats(uploads) },
        ];
        if (failed > 0) {
          const final = rng.next() < 0.3 ? 1 : 0;
          rows.push({ dims: { jobId, destinationType, status: 500, final }, count: failed, sum: stats(failed) });
        }
        return rows;
      }),
  };
}

function stats(uploads: number): Record<string, number> {
  return { bytes: uploads * 800_000, bytesCompressed: uploads * 90_000, records: uploads * 1_000, uploads };
}

const LBS = [
  ['lb.example.com', ['eu-pool', 'us-pool']],
  ['api-lb.example.com', ['primary', 'fallback']],
] as const;

const loadBalancing: ExtraDatasetDef = {
  name: 'loadBalancingRequestsAdaptiveGroups',
  scope: 'zone',
  typeName: 'ZoneLoadBalancingRequestsAdaptiveGroups',
  dimensions: [
    f('lbName', 'string'),
    f('selectedPoolName', 'string'),
    f('selectedOriginName', 'string'),
    f('selectedPoolHealthy', 'uint8'),
    f('region', 'string'),
    f('steeringPolicy', 'string'),
  ],
  count: true,
  sum: [],
  max: [],
  quantiles: [],
  avg: ['selectedPoolAvgRttMs', 'sampleInterval'],
  rows: (seed, key, minuteMs) =>
    LBS.flatMap(([lbName, pools]) =>
      pools.flatMap((pool, p) => {
        const rng = rngOf(seed, 'lb', `${key}/${lbName}/${pool}`, minuteMs);
        // The fallback/second pool is unhealthy for stretches of ~10 minutes about a fifth of the time.
        const outage = p === 1 && hashOf(seed, 'lb-outage', key, lbName, Math.floor(minuteMs / 600_000)) % 5 === 0;
        return [0, 1].flatMap((o) => {
          const requests = Math.round(((p === 0 ? 300 : 60) / (o + 1)) * swing(minuteMs) * rng.between(0.7, 1.3));
          if (requests === 0) return [];
          return [
            {
              dims: {
                lbName,
                selectedPoolName: pool,
                selectedOriginName: `${pool}-origin-${o + 1}`,
                selectedPoolHealthy: outage ? 0 : 1,
                region: p === 0 ? 'WEU' : 'ENAM',
                steeringPolicy: 'dynamic_latency',
              },
              count: requests,
              avg: { selectedPoolAvgRttMs: Math.round(rng.between(10, 80)), sampleInterval: 1 },
            },
          ];
        });
      }),
    ),
};

const healthChecks: ExtraDatasetDef = {
  name: 'healthCheckEventsAdaptiveGroups',
  scope: 'zone',
  typeName: 'ZoneHealthCheckEventsAdaptiveGroups',
  dimensions: [
    f('failureReason', 'string'),
    f('fqdn', 'string'),
    f('healthStatus', 'string'),
    f('originIP', 'string'),
    f('region', 'string'),
  ],
  count: true,
  sum: [],
  max: [],
  quantiles: [],
  avg: ['rttMs', 'sampleInterval', 'tcpConnMs', 'timeToFirstByteMs', 'tlsHandshakeMs'],
  rows: (seed, key, minuteMs) =>
    ['WNAM', 'WEU', 'SEAS'].flatMap((region, r) =>
      [0, 1].map((o) => {
        const rng = rngOf(seed, 'hc', `${key}/${region}/${o}`, minuteMs);
        const unhealthy = rng.next() < 0.05;
        return {
          dims: {
            failureReason: unhealthy ? 'TCP connection failed' : '',
            fqdn: `origin-${o + 1}.example.com`,
            healthStatus: unhealthy ? 'unhealthy' : 'healthy',
            originIP: `192.0.2.${10 + o}`,
            region,
          },
          count: 1 + r,
          avg: {
            rttMs: Math.round(rng.between(20, 120)),
            sampleInterval: 1,
            tcpConnMs: Math.round(rng.between(5, 40)),
            timeToFirstByteMs: Math.round(rng.between(30, 200)),
            tlsHandshakeMs: Math.round(rng.between(10, 60)),
          },
        };
      }),
    ),
};

export const ACCOUNT_EXTRA: readonly ExtraDatasetDef[] = [workers, r2Operations, r2Storage, logpush('account')];
export const ZONE_EXTRA: readonly ExtraDatasetDef[] = [loadBalancing, logpush('zone'), healthChecks];
