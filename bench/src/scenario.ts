import { createLogger, formatDuration, type LogLevel } from '@settle/core';
import { startSimulatorServer, type SettlingModelName, type SimulatorServer } from '@settle/cloudflare-sim';
import { FakeClock, RecordingHost, createTestContext } from '@settle/core/testing';
import { CloudflareReceiver, cloudflareConfigSchema, type ZoneInfo } from '@settle/receiver-cloudflare';
import { ConvergeTap, type EngineVariant } from './converge-tap.js';
import { countingHttp, type RequestCounts } from './counting-http.js';
import { evaluate, oracle, percentile, type StrategyFigures } from './evaluate.js';
import { FixedDelayPoller } from './fixed-delay.js';
import { PointIds, PushLog } from './push-log.js';
import { readReference, type Reference } from './reference.js';

export interface ScenarioOptions {
  readonly seed: number;
  readonly zones: number;
  /** The simulator's settling model. */
  readonly settling: SettlingModelName;
  /** Virtual hours that are scored; the run adds a warm-up before and a tail after. */
  readonly hours: number;
  readonly datasets: readonly string[];
  readonly lookbackMs: number;
  readonly ttlMs: number;
  readonly pollIntervalsMs: readonly number[];
  /** Engine variants fed by the receiver polling at each interval. */
  readonly variants: (pollMs: number) => readonly EngineVariant[];
  readonly fixedDelaysMs: readonly number[];
}

export interface StrategyResult {
  readonly name: string;
  readonly kind: 'converge' | 'fixed-delay' | 'oracle';
  readonly pollMs?: number;
  readonly variant?: EngineVariant;
  readonly delayMs?: number;
  readonly figures: StrategyFigures;
  /** GraphQL queries per zone per hour during the scored hours (the oracle sends none). */
  readonly queriesPerZoneHour: number;
  readonly rateLimited: number;
}

export interface ScenarioResult {
  readonly options: ScenarioOptions;
  readonly strategies: readonly StrategyResult[];
  readonly reference: Pick<Reference, 'truthChecked' | 'truthMatched'> & { readonly points: number };
  /** When the scored minutes really became final (simulator.settledAt − minute end), seconds: the floor any
   *  strategy that is exact at first push must wait for. */
  readonly settle: { readonly p50: number; readonly p90: number; readonly p99: number };
  readonly simulatedMs: number;
  readonly wallMs: number;
}

/** 2026-01-01T00:00Z: any whole minute would do; a fixed one keeps the run reproducible. */
const START = Date.UTC(2026, 0, 1, 0, 0, 0);
/** Fake-clock step: a reply is consumed at the end of the step it arrived in, so delays carry ≤ STEP of slack. */
const STEP = 250;
const EXPIRE_EVERY = 10_000;
/** Longer than the TTL and the longest fixed delay, so every scored minute has been pushed by everyone. */
const TAIL = 20 * 60_000;
/** Dividing a 2-hour scenario into the slices progress is reported in. */
const PROGRESS_EVERY = 30 * 60_000;

interface Poller {
  readonly pollMs: number;
  readonly receiver: CloudflareReceiver;
  readonly tap: ConvergeTap;
  readonly counts: RequestCounts;
}

/**
 * One virtual-time run on the simulator (FakeClock shared by simulator and receivers): a real `cloudflare`
 * receiver per poll interval feeding converge engine variants, and fixed-delay pollers, all on the same
 * traffic. Scored minutes are those that start after everything is running, so the receivers' first look at
 * minutes already old does not count.
 */
export async function runScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const wallStart = performance.now();
  const clock = new FakeClock(START);
  const tokens = [
    ...o.pollIntervalsMs.map((p) => `poll-${p}`),
    ...o.fixedDelaysMs.map((d) => `fixed-${d}`),
    'reference',
  ];
  const server = await startSimulatorServer({ seed: o.seed, zones: o.zones, tokens, clock, settling: o.settling });
  try {
    const ids = new PointIds();
    const zones: ZoneInfo[] = server.simulator.zones.map((z) => ({ tag: z.tag, name: z.name }));
    const pollers = await startPollers(o, clock, server, ids);
    const fixed = o.fixedDelaysMs.map((delayMs) => {
      const counts: RequestCounts = { queries: 0, rateLimited: 0 };
      const log = new PushLog(ids);
      const target = { graphqlUrl: server.graphqlUrl, token: `fixed-${delayMs}`, http: countingHttp(counts) };
      return { delayMs, counts, log, poller: new FixedDelayPoller(target, o.datasets, zones, delayMs, START, log) };
    });

    const scoredEnd = START + o.hours * 3_600_000;
    let atScoredEnd = new Map<string, RequestCounts>();
    for (let now = START; now < scoredEnd + TAIL;) {
      await clock.advance(STEP);
      now = clock.now();
      await Promise.all(pollers.map((p) => p.receiver.whenIdle()));
      if (now % EXPIRE_EVERY === 0) for (const p of pollers) p.tap.expire(now);
      for (const f of fixed) await f.poller.tick(now);
      if ((now - START) % PROGRESS_EVERY === 0) {
        process.stderr.write(
          `  ${o.settling}: ${(now - START) / 60_000} virtual min, ${((performance.now() - wallStart) / 1000).toFixed(0)} s wall\n`,
        );
      }
      if (now === scoredEnd) {
        atScoredEnd = new Map([
          ...pollers.map((p) => [`poll-${p.pollMs}`, { ...p.counts }] as const),
          ...fixed.map((f) => [`fixed-${f.delayMs}`, { ...f.counts }] as const),
        ]);
      }
    }
    for (const p of pollers) await p.receiver.shutdown();

    const reference = await readReference(
      { graphqlUrl: server.graphqlUrl, token: 'reference', http: countingHttp({ queries: 0, rateLimited: 0 }) },
      server.simulator,
      ids,
      o.datasets,
      zones,
      START,
      scoredEnd,
    );
    const perZoneHour = (key: string): number => (atScoredEnd.get(key)?.queries ?? 0) / (o.zones * o.hours);
    const strategies: StrategyResult[] = [];
    for (const p of pollers) {
      for (const r of p.tap.running) {
        strategies.push({
          name: r.variant.name,
          kind: 'converge',
          pollMs: p.pollMs,
          variant: r.variant,
          figures: evaluate(r.log, reference, START, scoredEnd),
          queriesPerZoneHour: perZoneHour(`poll-${p.pollMs}`),
          rateLimited: atScoredEnd.get(`poll-${p.pollMs}`)?.rateLimited ?? 0,
        });
      }
    }
    for (const f of fixed) {
      strategies.push({
        name: `fixed delay ${f.delayMs / 1000} s`,
        kind: 'fixed-delay',
        delayMs: f.delayMs,
        figures: evaluate(f.log, reference, START, scoredEnd),
        queriesPerZoneHour: perZoneHour(`fixed-${f.delayMs}`),
        rateLimited: atScoredEnd.get(`fixed-${f.delayMs}`)?.rateLimited ?? 0,
      });
    }
    strategies.push({
      name: 'oracle (push at true settle)',
      kind: 'oracle',
      figures: oracle(reference, ids.bucketStartMs, START, scoredEnd),
      queriesPerZoneHour: 0,
      rateLimited: 0,
    });
    const settleDelays: number[] = [];
    for (const z of zones) {
      for (let m = START; m < scoredEnd; m += 60_000) {
        settleDelays.push((server.simulator.settledAt(z.tag, m) - (m + 60_000)) / 1000);
      }
    }
    settleDelays.sort((a, b) => a - b);
    return {
      options: o,
      strategies,
      settle: {
        p50: percentile(settleDelays, 50),
        p90: percentile(settleDelays, 90),
        p99: percentile(settleDelays, 99),
      },
      reference: {
        points: reference.values.size,
        truthChecked: reference.truthChecked,
        truthMatched: reference.truthMatched,
      },
      simulatedMs: clock.now() - START,
      wallMs: performance.now() - wallStart,
    };
  } finally {
    await server.close();
  }
}

async function startPollers(
  o: ScenarioOptions,
  clock: FakeClock,
  server: SimulatorServer,
  ids: PointIds,
): Promise<Poller[]> {
  const pollers: Poller[] = [];
  for (const pollMs of o.pollIntervalsMs) {
    const counts: RequestCounts = { queries: 0, rateLimited: 0 };
    const config = cloudflareConfigSchema.parse({
      api_token: `poll-${pollMs}`,
      endpoint: server.graphqlUrl,
      zones: server.simulator.zones.map((z) => z.tag),
      datasets: o.datasets,
      poll_interval: formatDuration(pollMs),
      lookback: formatDuration(o.lookbackMs),
    });
    const tap = new ConvergeTap(clock, o.variants(pollMs), ids);
    // BENCH_LOG=debug shows the receivers' own log lines (stderr).
    const level = process.env['BENCH_LOG'] as LogLevel | undefined;
    const ctx = createTestContext({
      id: `cloudflare/poll-${pollMs}`,
      kind: 'receiver',
      clock,
      ...(level === undefined ? {} : { logger: createLogger({ level, pretty: false }).child({ poll: pollMs }) }),
    });
    const receiver = new CloudflareReceiver(ctx, config, tap, { http: countingHttp(counts) });
    await receiver.start(new RecordingHost());
    pollers.push({ pollMs, receiver, tap, counts });
  }
  return pollers;
}
