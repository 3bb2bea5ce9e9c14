import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulatorServer, type SimulatorServer } from '@settle/cloudflare-sim';
import { createBuiltinRegistry } from '@settle/cli';
import { ConfigError, Service, acceleratedClock, createLogger, parseConfig, resolveConfig } from '@settle/core';
import { VictoriaMetricsProcess, freePort } from '@settle/exporter-vm/testing';

const MINUTE = 60_000;
const here = dirname(fileURLToPath(import.meta.url));
const PIPELINE = join(here, '..', 'pipeline.yaml');

export interface SettleRunOptions {
  /** Virtual minutes to run. */
  readonly minutes: number;
  /** Virtual:wall speed. */
  readonly speed: number;
  readonly zones: number;
  /** The OTLP VictoriaMetrics (1.112) to send to as well, with Prometheus naming; omitted when absent. */
  readonly otlp?: VictoriaMetricsProcess;
}

export interface SettleRun {
  readonly sim: SimulatorServer;
  /** Wall-clock ms when the run ended (virtual time ends about then too). */
  readonly endMs: number;
  readonly metricsText: string;
}

/**
 * Runs the real service (config loader, CLI registry, cloudflare → converge → victoriametrics [+ otlp]) against
 * an in-process simulator on an accelerated clock that ends about now, while `vm` scrapes settle's own
 * `/metrics` every second (-promscrape.config). Returns when the service has shut down (converge flushed).
 */
export async function runSettle(
  vm: VictoriaMetricsProcess,
  telemetryPort: number,
  o: SettleRunOptions,
): Promise<SettleRun> {
  const startMs = Math.floor((Date.now() - o.minutes * MINUTE) / MINUTE) * MINUTE;
  const clock = acceleratedClock(o.speed, startMs);
  const sim = await startSimulatorServer({ seed: 3, zones: o.zones, clock });
  let text = await readFile(PIPELINE, 'utf8');
  if (o.otlp === undefined)
    text = text
      .split('\n')
      .filter((l) => !/#\s*otlp\b/.test(l))
      .join('\n');
  const env = {
    SIM_GRAPHQL: sim.graphqlUrl,
    SIM_ACCOUNT: sim.simulator.accountTag,
    VM_URL: vm.url,
    ...(o.otlp === undefined ? {} : { VM_OTLP_URL: `${o.otlp.url}/opentelemetry/v1/metrics` }),
    SETTLE_TELEMETRY: `127.0.0.1:${telemetryPort}`,
  };
  const { parsed, problems } = parseConfig(text, PIPELINE, env);
  if (parsed === undefined) throw new ConfigError(problems);
  const resolved = resolveConfig(parsed, await createBuiltinRegistry(() => undefined));
  if (resolved.config === undefined || resolved.problems.length > 0)
    throw new ConfigError([...problems, ...resolved.problems]);
  const service = await Service.create(resolved.config, { clock, logger: createLogger({ level: 'error' }) });
  let metricsText = '';
  try {
    await service.start();
    while (clock.now() < startMs + o.minutes * MINUTE) {
      await new Promise((r) => setTimeout(r, 250));
    }
    metricsText = await (await fetch(`http://127.0.0.1:${telemetryPort}/metrics`)).text();
    // Two more scrapes of the final state before the service (and its /metrics) goes away.
    await new Promise((r) => setTimeout(r, 2_500));
  } finally {
    await service.shutdown();
  }
  return { sim, endMs: Date.now(), metricsText };
}

/** A VictoriaMetrics 1.79 that scrapes `127.0.0.1:port/metrics` every second as job `settle`. */
export async function scrapingVictoriaMetrics(
  port: number,
): Promise<{ vm: VictoriaMetricsProcess; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'settle-dash-'));
  const scrape = join(dir, 'scrape.yaml');
  await writeFile(
    scrape,
    `scrape_configs:\n  - job_name: settle\n    scrape_interval: 1s\n    static_configs:\n      - targets: ['127.0.0.1:${port}']\n`,
  );
  const vm = new VictoriaMetricsProcess({ extraArgs: [`-promscrape.config=${scrape}`] });
  await vm.start();
  return {
    vm,
    cleanup: async () => {
      await vm.cleanup();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export { freePort };
