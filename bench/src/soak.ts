import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBuiltinRegistry } from '@settle/cli';
import { isSettlingModelName } from '@settle/cloudflare-sim';
import { Service, acceleratedClock, createLogger, loadConfigFile, sleep, type LogLevel } from '@settle/core';
import { nextMessage } from './child-message.js';
import { replaceReadmeBlock } from './readme-block.js';
import { faultBursts, type SoakSimMessage, type SoakSimPlan } from './soak-plan.js';
import { flatness, sampleResources, type ResourceSample } from './soak-resources.js';
import { soakReport, type SoakResult } from './soak-report.js';
import { scoreOutput } from './soak-score.js';

// `pnpm --filter @settle/bench run bench:soak`: the real service (config loader, CLI registry, cloudflare
// receiver → converge → file exporter) against a faulty simulator in its own process, on one accelerated clock
// for both. Samples RSS and open handles every virtual minute, then scores every point of the minutes fully
// inside the run against the simulator's final values. Prints the figures and PASS/FAIL lines, writes the
// "Soak" block of bench/README.md.

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '60' },
    speed: { type: 'string', default: '30' },
    zones: { type: 'string', default: '3' },
    seed: { type: 'string', default: '7' },
    settling: { type: 'string', default: 'default' },
    'error-rate': { type: 'string', default: '0.05' },
    'no-readme': { type: 'boolean', default: false },
  },
});
const minutes = Number(args.minutes);
const speed = Number(args.speed);
const zones = Number(args.zones);
const seed = Number(args.seed);
const errorRate = Number(args['error-rate']);
const settling = args.settling;
/** Resource figures are judged after this many virtual minutes (lookback, converge's TTL and caches filled). */
const WARMUP_MIN = 15;
/** Scored minutes end this long before the run does: every one has settled and been re-read by then. */
const TAIL_MIN = 15;
if (
  !(minutes >= WARMUP_MIN + 5 && minutes > TAIL_MIN) ||
  !(speed > 0) ||
  !Number.isInteger(zones) ||
  zones < 1 ||
  !Number.isInteger(seed) ||
  !(errorRate >= 0 && errorRate < 1) ||
  !isSettlingModelName(settling)
) {
  console.error('usage: soak [--minutes N≥20] [--speed X] [--zones N] [--seed N] [--settling NAME] [--error-rate R]');
  process.exit(2);
}

const MINUTE = 60_000;
const TOKEN = 'soak-token';
const here = dirname(fileURLToPath(import.meta.url));
const benchDir = join(here, '..', '..');
const startMs = Date.UTC(2026, 0, 1, 0, 0, 0);
const durationMs = minutes * MINUTE;
const outDir = mkdtempSync(join(tmpdir(), 'settle-soak-'));
const outFile = join(outDir, 'points.jsonl');
const loadBefore = loadavg();
const wallStart = performance.now();

const clock = acceleratedClock(speed, startMs);
const plan: SoakSimPlan = {
  seed,
  zones,
  settling,
  token: TOKEN,
  startMs,
  wallStartMs: Date.now(),
  speed,
  errorRate,
  quota: { queries: 300, windowMs: 300_000 },
  slowReplies: { share: 0.05, durationMs: 1_500 },
  bursts: faultBursts(startMs, durationMs),
};
const sim = fork(join(here, 'soak-sim.js'), [JSON.stringify(plan)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const ready = await nextMessage<SoakSimMessage, 'ready'>(sim, 'ready');

const registry = await createBuiltinRegistry((m) => process.stderr.write(`${m}\n`));
const config = await loadConfigFile(join(benchDir, 'soak.yaml'), {
  registry,
  env: { SOAK_ENDPOINT: ready.graphqlUrl, SOAK_TOKEN: TOKEN, SOAK_ACCOUNT: ready.accountTag, SOAK_OUT: outFile },
});
const datasets = [...config.receivers.values()].flatMap((r) =>
  r.type === 'cloudflare' ? ((r.config as { datasets: string[] }).datasets ?? []) : [],
);
const level = (process.env['SOAK_LOG'] ?? 'error') as LogLevel;
const before = sampleResources(0);
const service = await Service.create(config, { clock, logger: createLogger({ level, pretty: false }) });
await service.start();

const samples: ResourceSample[] = [sampleResources(0)];
let stopped: string | undefined;
void service.done.then((exit) => (stopped = `${exit.reason}${exit.message === undefined ? '' : `: ${exit.message}`}`));
for (let m = 1; m <= minutes && stopped === undefined; m++) {
  await sleep(clock, startMs + m * MINUTE - clock.now());
  samples.push(sampleResources(m));
  if (m % 10 === 0)
    process.stderr.write(
      `  soak: ${m}/${minutes} virtual min, ${((performance.now() - wallStart) / 1000).toFixed(0)} s wall\n`,
    );
}
const serviceStopped = stopped;
await service.shutdown();
// A socket's close completes on the next turns of the event loop.
await new Promise((resolve) => setTimeout(resolve, 200));
const after = sampleResources(minutes);
sim.send('stop');
const simStats = await nextMessage<SoakSimMessage, 'stats'>(sim, 'stats');
const runWallMs = performance.now() - wallStart;

const score = await scoreOutput(outFile, {
  seed,
  zones,
  settling,
  datasets,
  fromMs: startMs,
  toMs: startMs + durationMs - TAIL_MIN * MINUTE,
});
rmSync(outDir, { recursive: true, force: true });

const result: SoakResult = {
  minutes,
  speed,
  zones,
  seed,
  settling,
  errorRate,
  plan,
  scoredMinutes: minutes - TAIL_MIN,
  warmupMinutes: WARMUP_MIN,
  samples,
  rss: flatness(samples, (s) => s.rssMiB, WARMUP_MIN),
  heap: flatness(samples, (s) => s.heapMiB, WARMUP_MIN),
  handles: flatness(samples, (s) => s.handles, WARMUP_MIN, 0.2, 3),
  fds: flatness(samples, (s) => s.fds, WARMUP_MIN, 0.2, 3),
  before,
  after,
  serviceStopped,
  sim: simStats.stats,
  burstsFired: simStats.burstsFired,
  score,
  wallS: runWallMs / 1000,
  totalWallS: (performance.now() - wallStart) / 1000,
  machine: `${cpus().length} cores, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} after, node ${process.version}`,
};
const report = soakReport(result);
console.log(report.text);
if (!args['no-readme'] && replaceReadmeBlock(join(benchDir, 'README.md'), 'soak', report.markdown))
  console.log('updated bench/README.md');
process.exitCode = report.pass ? 0 : 1;
