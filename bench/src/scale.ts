import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { replaceReadmeBlock } from './readme-block.js';
import { scaleFit } from './scale-fit.js';
import { keepsUp } from './scale-keeps-up.js';
import { needsFor } from './scale-needs.js';
import { checkLines, fitLines, runTable } from './scale-report.js';
import { runScale } from './scale-run.js';
import type { ScaleRunOptions, ScaleRunResult } from './scale-types.js';

// `pnpm --filter @settle/bench run bench:scale`: what one settle instance costs per 1,000 zones (CPU, RSS) with
// the cloudflare receiver's default datasets, converge and the VictoriaMetrics exporter, and how many zones it
// keeps up with at a 30 s poll; then what 10,000 zones need (members, tokens). See bench/README.md, "Scale".

const { values: args } = parseArgs({
  options: {
    zones: { type: 'string', default: '25,50,100' },
    minutes: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '12' },
    speed: { type: 'string', default: 'auto' },
    'zone-speed': { type: 'string', default: '200' },
    capacity: { type: 'string', default: 'auto' },
    'capacity-minutes': { type: 'string', default: '3' },
    'capacity-warmup': { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    record: { type: 'string' },
    replay: { type: 'string' },
    'no-readme': { type: 'boolean', default: false },
  },
});
const sizes = args.zones.split(',').map(Number);
const minutes = Number(args.minutes);
const warmup = Number(args.warmup);
const zoneSpeed = Number(args['zone-speed']);
const seed = Number(args.seed);
const POLL_S = 30;
if (sizes.some((z) => !Number.isInteger(z) || z < 1) || !(minutes >= 2) || !(warmup >= 0) || !(zoneSpeed > 0)) {
  console.error(
    'usage: scale [--zones N,N,...] [--minutes M] [--warmup M] [--speed auto|X] [--zone-speed Z] [--capacity auto|N|off] [--capacity-minutes M] [--capacity-warmup M] [--seed N] [--no-readme]',
  );
  process.exit(2);
}
/** auto: as fast as the machine allows while the run itself keeps up: zones × speed ≤ --zone-speed. */
const speedFor = (zones: number): number =>
  args.speed === 'auto' ? Math.max(1, Math.min(30, Math.floor(zoneSpeed / zones))) : Number(args.speed);
const progress = (line: string): void => void process.stderr.write(`${line}\n`);
const machine = (): string =>
  `${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
const base = { warmupMinutes: warmup, seed, pollIntervalS: POLL_S, progress } satisfies Partial<ScaleRunOptions>;

/**
 * Runs recorded (`--record FILE`, written after each run) or replayed (`--replay FILE`: a run with the same zones,
 * speed, minutes, warm-up and seed is reported without running it again; others are measured, so an interrupted
 * bench can be resumed and the capacity step redone on its own).
 */
const recorded: ScaleRunResult[] = [];
const replay =
  args.replay === undefined ? undefined : (JSON.parse(readFileSync(args.replay, 'utf8')) as ScaleRunResult[]);

async function measure(options: ScaleRunOptions): Promise<ScaleRunResult> {
  const same = (r: ScaleRunResult): boolean =>
    r.options.zones === options.zones &&
    r.options.speed === options.speed &&
    r.options.minutes === options.minutes &&
    r.options.warmupMinutes === options.warmupMinutes &&
    r.options.seed === options.seed &&
    !recorded.includes(r);
  const replayed = replay?.find(same);
  if (replayed !== undefined) {
    recorded.push(replayed);
    return replayed;
  }
  progress(
    `scale: ${options.zones} zones at ${options.speed}x, ${options.warmupMinutes}+${options.minutes} virtual min (${machine()})`,
  );
  const run = await runScale(options);
  await run.cleanup();
  recorded.push(run.result);
  if (args.record !== undefined) writeFileSync(args.record, `${JSON.stringify(recorded, null, 1)}\n`);
  return run.result;
}

const out: string[] = [];
const say = (line = ''): void => {
  console.log(line);
  out.push(line);
};
const when = (moment: string): string =>
  `${machine()} ${moment}${replay === undefined ? '' : ` (runs replayed from ${args.replay} where it has them)`}`;
say(`settle scale bench: seed ${seed}, ${POLL_S} s poll, node ${process.version}, ${when('at the start')}`);
const runs: ScaleRunResult[] = [];
for (const zones of sizes) runs.push(await measure({ ...base, zones, minutes, speed: speedFor(zones) }));
say();
say('1. one instance over the measured window, per size (CPU = user + system of the settle process only):');
say();
for (const line of runTable(runs)) say(line);
// The member runs with Node's default heap limit, the same as this process's.
const heapLimitMiB = getHeapStatistics().heap_size_limit / 2 ** 20;
const fit = scaleFit(runs, POLL_S, heapLimitMiB);
say();
for (const line of fitLines(fit, POLL_S, heapLimitMiB)) say(line);
for (const r of runs.filter((x) => !keepsUp(x).every((c) => c.pass)))
  say(
    `warning: the ${r.options.zones}-zone run did not keep up, so its CPU per hour is understated:\n${checkLines(r).join('\n')}`,
  );

let capacity = fit.predictedCapacity;
let capacityWhy = 'predicted from the CPU per poll; step 2 not run';
const summary: string[] = [];
if (args.capacity !== 'off' && capacity > 0) {
  const predicted = args.capacity === 'auto' ? capacity : Number(args.capacity);
  say();
  say(
    `2. capacity at a ${POLL_S} s poll, real time (speed 1), ${args['capacity-warmup']}+${args['capacity-minutes']} virtual min:`,
  );
  const checked: ScaleRunResult[] = [];
  for (const zones of [predicted, Math.ceil(predicted * 1.25)]) {
    let r: ScaleRunResult;
    try {
      r = await measure({
        ...base,
        zones,
        speed: 1,
        minutes: Number(args['capacity-minutes']),
        warmupMinutes: Number(args['capacity-warmup']),
      });
    } catch (err) {
      // Out of memory, say: that count does not fit one instance.
      say(`${zones} zones: does NOT keep up, the run failed: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    checked.push(r);
    say(`${zones} zones: ${keepsUp(r).every((c) => c.pass) ? 'keeps up' : 'does NOT keep up'}`);
    for (const line of checkLines(r)) say(line);
  }
  say();
  for (const line of runTable(checked)) say(line);
  const kept = checked.filter((r) => keepsUp(r).every((c) => c.pass)).map((r) => r.options.zones);
  capacity = kept.length > 0 ? Math.max(...kept) : predicted;
  const why =
    kept.length === 0
      ? 'the prediction, NOT confirmed: neither run kept up on this machine (see the load averages)'
      : kept.length === 2
        ? 'both runs kept up: the capacity is at least this'
        : 'the largest count that kept up';
  capacityWhy = why;
  say(`capacity used below: ${capacity} zones (${why})`);
}
say();
say(`3. 10,000 zones, replication 2, tokens by planQuota (300 queries / 5 min each, members not sharing tokens):`);
const sizings = new Map([[capacity, 'the capacity above']]);
if (!sizings.has(fit.predictedCapacity)) sizings.set(fit.predictedCapacity, 'the steady-state prediction of step 1');
for (const [perPoll, basis] of sizings) {
  for (const interval of [POLL_S, 2 * POLL_S]) {
    // A poll's CPU does not depend on the interval, so a member keeps up with interval / POLL_S times the zones,
    // as far as memory allows (which does not depend on the interval either).
    const perMember = Math.min(Math.floor((perPoll * interval) / POLL_S), fit.memoryCapacity);
    const n = needsFor(10_000, perMember, 2, interval);
    const line = `at a ${interval} s poll with ${basis} (≤ ${perMember.toLocaleString('en-US')} zones per member): ${n.members} members of ${n.zonesPerMember} zones, ${n.tokensPerMember} tokens each, ${n.tokens} tokens in all`;
    summary.push(`- 10,000 zones, replication 2, ${line}`);
    say(`  ${line}`);
  }
}
say(`finished: ${when('at the end')}`);
const loads = [...new Set(recorded.map((r) => r.load.before[0]!.toFixed(1)))].join(', ');
summary.unshift(
  `- CPU ${Math.round(fit.cpuHour.slope * 1000).toLocaleString('en-US')} s per simulated hour per 1,000 zones (${(fit.cpuPoll.slope * 1000).toFixed(1)} s per 30 s poll), RSS ${Math.round(fit.rss.slope * 1000).toLocaleString('en-US')} MiB per 1,000 zones + ${Math.round(fit.rss.intercept)} MiB (sizes ${sizes.join(', ')} zones; load average ${loads} during the runs)`,
  `- one instance's capacity at a 30 s poll: ${capacity.toLocaleString('en-US')} zones (${capacityWhy})`,
);
const here = dirname(fileURLToPath(import.meta.url));
const readme = join(here, '..', '..', 'README.md');
if (!args['no-readme'] && replaceReadmeBlock(readme, 'scale', out.join('\n'))) console.log('updated bench/README.md');
if (!args['no-readme'] && replaceReadmeBlock(join(readme, '..', '..', 'README.md'), 'scale', summary.join('\n')))
  console.log('updated README.md');
