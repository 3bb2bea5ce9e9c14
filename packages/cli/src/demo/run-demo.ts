import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startSimulatorServer } from '@settle/cloudflare-sim';
import { Service, acceleratedClock, createLogger, type ResolvedConfig } from '@settle/core';
import { println, type CliIo } from '../io.js';
import { createBuiltinRegistry } from '../registry.js';
import { findDemoConfig, loadDemoConfig } from './demo-config.js';
import { finalValues } from './final-values.js';
import type { DemoOptions } from './options.js';
import { OutputTail } from './output-tail.js';
import { formatProgress, sampleProgress, type ProgressSample } from './progress.js';
import { readMeasured } from './measured.js';
import type { DemoReport } from './report-text.js';
import { scoreOutput } from './score.js';
import { TelemetryReader } from '@settle/core';
import { DEMO_VM_URL, victoriaMetricsAnswers } from './vm-probe.js';

const TOKEN = 'demo-token';
const MINUTE = 60_000;
const READ_EVERY_MS = 100;

interface ReceiverSettings {
  readonly datasets?: readonly string[];
  readonly lookback?: number;
  readonly rate_limit?: { readonly queries?: number };
}

/**
 * Runs the demo pipeline through the real config loader and service runtime against an in-process simulator,
 * both on one accelerated clock, and scores the file exporter's output against the simulator's final values.
 */
export async function runDemo(o: DemoOptions, io: CliIo): Promise<DemoReport> {
  const wallStart = Date.now();
  const outDir = resolve(o.out);
  const file = join(outDir, 'points.jsonl');
  await mkdir(outDir, { recursive: true });
  await rm(file, { force: true });
  const vm = o.vm && (await victoriaMetricsAnswers());
  const logger = createLogger({
    level: o.logLevel,
    ...(io.isProcess ? {} : { destination: io.stderr, pretty: false }),
  });

  // Virtual time ends about when the demo does, so points land at plausible recent times in VictoriaMetrics.
  const startMs = Math.floor((Date.now() - o.durationMs) / MINUTE) * MINUTE;
  const clock = acceleratedClock(o.speed, startMs);
  const sim = await startSimulatorServer({
    seed: o.seed,
    zones: o.zones,
    settling: o.settling,
    tokens: [TOKEN],
    clock,
  });
  const telemetry = new TelemetryReader((errors) => logger.warn({ errors }, 'demo: reading the telemetry'));
  const tail = new OutputTail(file);
  let service: Service | undefined;
  try {
    const env = {
      ...io.env,
      SETTLE_DEMO_ENDPOINT: sim.graphqlUrl,
      SETTLE_DEMO_TOKEN: TOKEN,
      SETTLE_DEMO_ACCOUNT: sim.simulator.accountTag,
      SETTLE_DEMO_OUT: file,
      SETTLE_DEMO_VM: DEMO_VM_URL,
      SETTLE_DEMO_TELEMETRY: '127.0.0.1:0',
    };
    const registry = await createBuiltinRegistry((m) => println(io.stderr, m));
    const config = await loadDemoConfig(o.config ?? findDemoConfig(), registry, env, vm);
    const receiver = receiverSettings(config);
    println(
      io.stdout,
      `settle demo: ${o.zones} simulated zones at ${sim.url} (settling model ${sim.simulator.settling}), ` +
        `${o.durationMs / MINUTE} virtual minutes at ${o.speed}×; ` +
        `output ${file}${vm ? ` and VictoriaMetrics ${DEMO_VM_URL}` : ''}`,
    );
    service = await Service.create(config, { clock, logger, meterProvider: telemetry.provider });
    await service.start();

    const budget = receiver.rate_limit?.queries ?? 300;
    const sources = {
      tail,
      queries: () => sim.simulator.stats().queries,
      startMs,
      lookbackMs: receiver.lookback ?? 10 * MINUTE,
      budget,
    };
    const sample = async (): Promise<ProgressSample> => {
      const now = clock.now();
      return sampleProgress(sources, await telemetry.read(), now);
    };
    const budgetPeak = await watch(o, io, service, clock, tail, sample, startMs);
    // Converge's self-measurement is read while it runs: its gauges go with the service.
    const measured = readMeasured(await telemetry.read());
    await service.shutdown();
    await tail.read(clock.now(), true);
    // The counts as they stand once the service has flushed and stopped.
    const counts = await telemetry.read();

    const bucketStarts = [...tail.points.values()].map((p) => p.startMs);
    const finals =
      bucketStarts.length === 0
        ? new Map<string, number>()
        : await finalValues(
            o.seed,
            o.zones,
            o.settling,
            receiver.datasets ?? ['http_requests', 'firewall_events'],
            Math.min(...bucketStarts),
            Math.max(...bucketStarts) + MINUTE,
          );
    const stats = sim.simulator.stats();
    return {
      zones: o.zones,
      seed: o.seed,
      settling: sim.simulator.settling,
      speed: o.speed,
      virtualMs: o.durationMs,
      wallMs: Date.now() - wallStart,
      score: scoreOutput(tail.points.values(), finals, startMs),
      fileLines: tail.lines,
      filePoints: tail.points.size,
      convergeEmitted: counts.value('settle_converge_emitted_points'),
      convergeRevisions: counts.value('settle_converge_revisions'),
      measured,
      queries: stats.queries,
      rateLimited: stats.rateLimited,
      budgetPeak,
      budget,
      file,
      vm: vm
        ? { url: DEMO_VM_URL, sent: counts.value('settle_exporter_sent_points', { exporter: 'victoriametrics' }) }
        : undefined,
    };
  } finally {
    await service?.shutdown();
    await tail.close();
    await telemetry.shutdown();
    await sim.close();
  }
}

/**
 * Waits out the virtual duration, reading the output as it grows and showing progress: a redrawn line on a
 * terminal, one line every few seconds otherwise. Stops early on SIGINT/SIGTERM or if the service stops.
 * Returns the peak of the query budget used.
 */
async function watch(
  o: DemoOptions,
  io: CliIo,
  service: Service,
  clock: { now(): number },
  tail: OutputTail,
  sample: () => Promise<ProgressSample>,
  startMs: number,
): Promise<number> {
  const tty = (io.stdout as { isTTY?: boolean }).isTTY === true;
  const everyMs = tty ? 500 : 5_000;
  let stop = false;
  const onSignal = (): void => void (stop = true);
  io.signals.on('SIGINT', onSignal);
  io.signals.on('SIGTERM', onSignal);
  void service.done.then(() => (stop = true));
  let peak = 0;
  let lastPrint = Date.now();
  try {
    while (!stop && clock.now() < startMs + o.durationMs) {
      await new Promise((r) => setTimeout(r, READ_EVERY_MS));
      await tail.read(clock.now(), false);
      const p = await sample();
      peak = Math.max(peak, p.budgetUsed);
      if (Date.now() - lastPrint >= everyMs) {
        lastPrint = Date.now();
        const line = formatProgress(p, o.durationMs);
        io.stdout.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
      }
    }
    if (tty) io.stdout.write('\n');
  } finally {
    io.signals.off('SIGINT', onSignal);
    io.signals.off('SIGTERM', onSignal);
  }
  return peak;
}

function receiverSettings(config: ResolvedConfig): ReceiverSettings {
  for (const r of config.receivers.values()) if (r.type === 'cloudflare') return r.config as ReceiverSettings;
  return {};
}
