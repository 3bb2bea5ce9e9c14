import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createProcessor,
  defineProcessor,
  type Batch,
  type Consumer,
  type DataPoint,
  type ProcessorDefinition,
} from '@settle/core';
import { z } from 'zod';
import { createTestContext, RecordingHost } from '@settle/core/testing';
import type * as Toolbox from '../src/index.js';
import { median, type CaseResult, type Rate } from './rates.js';

// Throughput of each toolbox processor on one core, through the processor helper (as in a pipeline), on a
// Cloudflare-shaped workload: batches of 10,000 points (50 zones × 20 hosts × 10 colocations, one minute),
// two metrics. Prints points/s per processor and rule (median of 5 runs of 200 batches), next to a baseline
// that only copies each point and its attributes (the floor for any processor rewriting them), per wall second
// and per CPU second of the process. `pnpm bench`; `pnpm bench -- hash` runs only the cases whose name contains
// `hash` (e.g. under `node --cpu-prof`); `--from <package dir>` measures another build's processors (e.g. main's,
// checked out beside this one) in this same harness; `--json` prints one JSON line (compare.ts reads it).

const { values: args, positionals } = parseArgs({
  options: { from: { type: 'string' }, json: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const {
  aggregateProcessor,
  attributesProcessor,
  filterProcessor,
  metricsRenameProcessor,
  resourceProcessor,
}: typeof Toolbox =
  args.from === undefined
    ? await import('../src/index.js')
    : ((await import(pathToFileURL(join(resolve(args.from), 'dist', 'src', 'index.js')).href)) as typeof Toolbox);

const RUNS = 5;
const BATCHES = 200;
const ZONES = 50;
const HOSTS = 20;
const COLOS = 10;

function workload(minute: number): Batch {
  const points: DataPoint[] = [];
  for (let z = 0; z < ZONES; z++)
    for (let h = 0; h < HOSTS; h++)
      for (let c = 0; c < COLOS; c++)
        points.push({
          attributes: {
            zone: `zone-${z}.example`,
            account: 'acme',
            host: `h${h}.zone-${z}.example`,
            colocation: `C${c}`,
          },
          startMs: minute * 60_000,
          timeMs: (minute + 1) * 60_000,
          value: z + h + c,
        });
  const half = points.length / 2;
  return {
    resource: { account: 'acme' },
    metrics: [
      {
        descriptor: {
          name: 'cloudflare_zone_colocation_requests_total',
          kind: 'sum',
          temporality: 'delta',
          monotonic: true,
        },
        points: points.slice(0, half),
      },
      {
        descriptor: { name: 'cloudflare_zone_colocation_visits', kind: 'sum', temporality: 'delta', monotonic: true },
        points: points.slice(half),
      },
    ],
    meta: { origin: 'live' },
  };
}

/** The floor for a processor rewriting attributes: copy every point's attributes, nothing else. */
const copyOnly = defineProcessor({
  type: 'copy_only',
  stability: 'development',
  config: z.object({}).strict(),
  create: (ctx, _config, next) =>
    createProcessor(ctx, next, {
      process: (batch) => ({
        ...batch,
        metrics: batch.metrics.map((m) => ({
          descriptor: m.descriptor,
          points: m.points.map((p) => ({ ...p, attributes: { ...p.attributes } })),
        })),
      }),
    }),
});

const CASES: [string, ProcessorDefinition, unknown][] = [
  ['baseline: copy each point and its attributes', copyOnly, {}],
  [
    'filter: drop one metric by exact name',
    filterProcessor,
    { exclude: [{ metrics: ['cloudflare_zone_colocation_visits'] }] },
  ],
  [
    'filter: drop one zone (attribute equals)',
    filterProcessor,
    { exclude: [{ attributes: [{ key: 'zone', equals: 'zone-7.example' }] }] },
  ],
  ['filter: keep hosts by regex', filterProcessor, { include: [{ attributes: [{ key: 'host', regex: 'h1.*' }] }] }],
  ['attributes: delete host', attributesProcessor, { actions: [{ key: 'host', action: 'delete' }] }],
  ['attributes: hash host (SHA-256)', attributesProcessor, { actions: [{ key: 'host', action: 'hash' }] }],
  [
    'attributes: rename + insert',
    attributesProcessor,
    {
      actions: [
        { key: 'colocation', action: 'rename', to: 'colo' },
        { key: 'env', action: 'insert', value: 'prod' },
      ],
    },
  ],
  ['resource: upsert', resourceProcessor, { actions: [{ key: 'env', action: 'upsert', value: 'prod' }] }],
  ['aggregate: drop host (sum)', aggregateProcessor, { drop: ['host'] }],
  [
    'metrics_rename: regex',
    metricsRenameProcessor,
    { rules: [{ regex: 'cloudflare_zone_(.+)', to: 'cloudflare.zone.$1' }] },
  ],
];

const sink: Consumer = { consume: () => Promise.resolve() };

async function measure(definition: ProcessorDefinition, config: unknown, batches: readonly Batch[]): Promise<Rate> {
  const processor = await definition.create(
    createTestContext({ id: definition.type }),
    definition.config.parse(config),
    sink,
  );
  await processor.start(new RecordingHost());
  let points = 0;
  for (const b of batches) for (const m of b.metrics) points += m.points.length;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const b of batches) await processor.consume(b);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  await processor.shutdown();
  return { wall: points / seconds, cpu: points / ((used.user + used.system) / 1e6) };
}

const batches = Array.from({ length: BATCHES }, (_, i) => workload(i));
const only = positionals[0];
const results: CaseResult[] = [];
if (!args.json) {
  console.log(
    `toolbox processors, one core (${cpus()[0]?.model ?? '?'}; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
  console.log(
    `workload: ${BATCHES} batches × ${ZONES * HOSTS * COLOS} points, median of ${RUNS} runs; target ≥ 2 M points/s`,
  );
}
for (const [name, definition, config] of CASES) {
  if (only !== undefined && !name.includes(only)) continue;
  await measure(definition, config, batches.slice(0, 20)); // warm-up
  const runs: Rate[] = [];
  for (let r = 0; r < RUNS; r++) runs.push(await measure(definition, config, batches));
  results.push({ name, runs });
  if (args.json) continue;
  const wall = median(runs.map((r) => r.wall));
  const cpu = median(runs.map((r) => r.cpu));
  console.log(
    `${name}: ${(wall / 1e6).toFixed(2)} M points/s (${(cpu / 1e6).toFixed(2)} per CPU second)` +
      (wall >= 2e6 ? '' : '  (below 2 M points/s)'),
  );
}
if (args.json) console.log(JSON.stringify(results));
