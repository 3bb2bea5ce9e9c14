import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { acceleratedClock } from '@settle/core';
import { VictoriaMetricsProcess, freePort } from '@settle/exporter-vm/testing';
import { DEFAULT_DATASETS } from '@settle/receiver-cloudflare';
import { nextMessage } from './child-message.js';
import { LIFTED_QUOTA, scaleConfig } from './scale-config.js';
import { scaleWindow } from './scale-window.js';
import type { MemberMessage, MemberSample, ScaleRunOptions, ScaleRunResult } from './scale-types.js';
import { parsePromText, type PromSample } from './prom-text.js';
import type { SoakSimMessage, SoakSimPlan } from './soak-plan.js';

const MIN = 60_000;
const TOKEN = 'scale-token';
const here = dirname(fileURLToPath(import.meta.url));
/** The child processes' scripts, built (run from the sources by vitest, this module still forks the build). */
const scripts = /[\\/]dist[\\/]/.test(here) ? here : join(here, '..', 'dist', 'src');

/** A scale run's processes, left running after the figures so a caller can check what reached VictoriaMetrics. */
export interface ScaleRun {
  readonly result: ScaleRunResult;
  readonly vm: VictoriaMetricsProcess;
  /** Virtual start of the run (the simulator's and the member's clock at the wall anchor), a whole minute. */
  readonly baseMs: number;
  /** Virtual end of the measured window. */
  readonly endMs: number;
  /** Stops VictoriaMetrics and removes every temp dir. */
  cleanup(): Promise<void>;
}

/**
 * One run of the scale bench: a real VictoriaMetrics, the simulator in a child process (scale-sim via soak-sim.js,
 * quota lifted) and settle in another (scale-member.js), all on one accelerated clock. Warm-up, then the measured
 * window, read from the member itself (CPU, memory, event loop) and from its /metrics (polls, points, queries) at
 * both ends; then the member is stopped gracefully (converge flushes) and the simulator reports its counters.
 */
/** `vmBinary`: the VictoriaMetrics to run (default: the system's, 1.79 on bookworm). */
export async function runScale(options: ScaleRunOptions, env: { vmBinary?: string } = {}): Promise<ScaleRun> {
  const { zones, minutes, warmupMinutes, speed, seed, pollIntervalS } = options;
  const log = options.progress ?? (() => undefined);
  const dir = await mkdtemp(join(tmpdir(), 'settle-scale-'));
  const vm = new VictoriaMetricsProcess(env.vmBinary === undefined ? {} : { binary: env.vmBinary });
  const children: ChildProcess[] = [];
  const cleanup = async (): Promise<void> => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await vm.cleanup();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await vm.start();
    const durationMs = (warmupMinutes + minutes) * MIN;
    // VictoriaMetrics takes no point from the future: the virtual run ends before the wall clock catches up.
    const anchor = Date.now();
    const baseMs = Math.floor((anchor - durationMs - 5 * MIN) / MIN) * MIN;
    const clock = acceleratedClock(speed, baseMs + Math.floor((Date.now() - anchor) * speed));
    const plan: SoakSimPlan = {
      seed,
      zones,
      settling: 'default',
      token: TOKEN,
      startMs: baseMs,
      wallStartMs: anchor,
      speed,
      errorRate: 0,
      quota: { queries: LIFTED_QUOTA, windowMs: 300_000 },
      restQuota: { requests: LIFTED_QUOTA, windowMs: 300_000 },
      // Every minute a poll reads stays generated (about 60 KiB per zone-minute, in the simulator's process).
      cacheSize: zones * 13,
      slowReplies: { share: 0, durationMs: 0 },
      bursts: [],
    };
    const sim = fork(join(scripts, 'soak-sim.js'), [JSON.stringify(plan)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [`--max-old-space-size=${Math.max(2048, zones * 2)}`],
    });
    children.push(sim);
    const ready = await nextMessage<SoakSimMessage, 'ready'>(sim, 'ready');
    const telemetryPort = await freePort();
    const file = join(dir, 'settle.yaml');
    await writeFile(
      file,
      scaleConfig({
        graphqlUrl: ready.graphqlUrl,
        accountTag: ready.accountTag,
        token: TOKEN,
        vmUrl: vm.url,
        dataDir: join(dir, 'data'),
        telemetryPort,
        pollIntervalS,
      }),
    );
    const loadBefore = loadavg();
    const wallStart = performance.now();
    const member = fork(join(scripts, 'scale-member.js'), [file, String(baseMs), String(anchor), String(speed)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // e.g. SCALE_MEMBER_ARGS=--cpu-prof to profile the measured process.
      execArgv: (process.env['SCALE_MEMBER_ARGS'] ?? '').split(' ').filter((a) => a !== ''),
    });
    children.push(member);
    await nextMessage<MemberMessage, 'running'>(member, 'running');
    const until = (virtualMs: number): Promise<void> => delay(Math.max(0, baseMs + virtualMs - clock.now()) / speed);
    const look = async (): Promise<{ sample: MemberSample; metrics: PromSample[] }> => {
      const reply = nextMessage<MemberMessage, 'sample'>(member, 'sample');
      member.send('sample');
      const res = await fetch(`http://127.0.0.1:${telemetryPort}/metrics`);
      return { sample: (await reply).sample, metrics: parsePromText(await res.text()) };
    };

    await until(warmupMinutes * MIN);
    member.send('mark');
    const start = await look();
    for (let m = 1; m <= minutes; m++) {
      await until((warmupMinutes + m) * MIN);
      if (m % 10 === 0 || m === minutes)
        log(
          `  ${zones} zones: ${m}/${minutes} measured virtual min, ${((performance.now() - wallStart) / 1000).toFixed(0)} s wall`,
        );
    }
    const end = await look();
    const wallS = (performance.now() - wallStart) / 1000;
    const stopped = nextMessage<MemberMessage, 'stopped'>(member, 'stopped');
    member.kill('SIGTERM');
    const last = await stopped;
    // Let it exit on its own (it does right after "stopped"), so a `--cpu-prof` profile gets written.
    if (member.exitCode === null) await Promise.race([once(member, 'exit'), delay(10_000)]);
    sim.send('stop');
    const simStats = await nextMessage<SoakSimMessage, 'stats'>(sim, 'stats');
    const stats = simStats.stats as { queries: number; rateLimited: number };
    const result: ScaleRunResult = {
      options: { zones, minutes, warmupMinutes, speed, seed, pollIntervalS },
      datasets: DEFAULT_DATASETS,
      ...scaleWindow(start, end),
      rssPeakMiB: last.sample.maxRssMiB,
      wallS,
      simQueries: stats.queries,
      simRateLimited: stats.rateLimited,
      simCpuS: simStats.cpuUs / 1e6,
      load: { before: loadBefore, after: loadavg() },
    };
    return { result, vm, baseMs, endMs: baseMs + durationMs, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
