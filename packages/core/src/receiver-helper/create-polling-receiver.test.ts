import { describe, expect, it } from 'vitest';
import { sleep } from '../clock/clock.js';
import type { Host } from '../component/types.js';
import { createMetricsRecorder } from '../exporter-helper/metrics-recorder.js';
import type { Batch } from '../model/types.js';
import { batchOf } from '../testing/batch-of.js';
import { createTestContext, RecordingHost } from '../testing/context.js';
import { FakeClock } from '../testing/fake-clock.js';
import { SinkConsumer } from '../testing/sink.js';
import { createPollingReceiver } from './create-polling-receiver.js';
import type { PollingLane, PollingReceiverSpec } from './types.js';

const b = (value: number): Batch => batchOf({ name: 'v', kind: 'gauge' }, [{ attributes: {}, timeMs: 0, value }]);
const values = (sink: SinkConsumer): number[] => sink.points().map((p) => p.value);

function setup(spec: PollingReceiverSpec) {
  const clock = new FakeClock(0);
  const recorder = createMetricsRecorder();
  const sink = new SinkConsumer();
  const ctx = createTestContext({ id: 'r', kind: 'receiver', clock, meter: recorder.meter });
  return { clock, recorder, sink, host: new RecordingHost(), receiver: createPollingReceiver(ctx, sink, spec) };
}

/** A lane that records the clock time of each run's start and end; each run takes `takesMs` of clock time. */
function timedLane(name: string, intervalMs: number, takesMs: number, extra: Partial<PollingLane> = {}) {
  const runs: [number, number][] = [];
  let active = 0;
  let maxActive = 0;
  const lane: PollingLane = {
    name,
    intervalMs,
    collect: async ({ now, signal }) => {
      active++;
      maxActive = Math.max(maxActive, active);
      try {
        if (takesMs > 0) await sleep(clockOf.clock!, takesMs, signal);
      } finally {
        active--;
      }
      runs.push([now, clockOf.clock!.now()]);
      return b(now);
    },
    ...extra,
  };
  const clockOf: { clock?: FakeClock } = {};
  return { lane, runs, maxActive: () => maxActive, bind: (c: FakeClock) => (clockOf.clock = c) };
}

describe('polling receiver helper: schedule', () => {
  const cases: { name: string; interval: number; takes: number; initial?: number; end?: true; starts: number[] }[] = [
    { name: 'runs at once, then every interval', interval: 1_000, takes: 0, starts: [0, 1_000, 2_000, 3_000] },
    {
      name: 'an initial delay postpones the first run',
      interval: 1_000,
      takes: 0,
      initial: 500,
      starts: [500, 1_500, 2_500],
    },
    {
      name: 'a run shorter than the interval keeps the cadence',
      interval: 1_000,
      takes: 300,
      starts: [0, 1_000, 2_000],
    },
    {
      name: 'a run longer than the interval is followed at once, never overlapped',
      interval: 1_000,
      takes: 1_500,
      starts: [0, 1_500],
    },
    {
      name: 'measured from the end, the interval is the pause after each run',
      interval: 1_000,
      takes: 300,
      end: true,
      starts: [0, 1_300, 2_600],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const t = timedLane('main', c.interval, c.takes, {
        ...(c.initial === undefined ? {} : { initialDelayMs: c.initial }),
        ...(c.end === undefined ? {} : { measureFrom: 'end' as const }),
      });
      const s = setup({ lanes: [t.lane] });
      t.bind(s.clock);
      await s.receiver.start(s.host);
      await s.clock.advance(3_000);
      await s.receiver.shutdown();
      expect(t.runs.map(([start]) => start)).toEqual(c.starts);
      expect(t.maxActive()).toBe(1);
      expect(values(s.sink)).toEqual(t.runs.map(([start]) => start));
      expect(s.clock.pending()).toBe(0);
    });
  }

  it('runs several lanes side by side, each on its own schedule; an interval function is read after each run', async () => {
    let pace = 1_000;
    const live = timedLane('live', 0, 0, { intervalMs: () => pace });
    const backfill = timedLane('backfill', 2_500, 100);
    const s = setup({ lanes: [live.lane, backfill.lane] });
    live.bind(s.clock);
    backfill.bind(s.clock);
    await s.receiver.start(s.host);
    await s.clock.advance(1_000);
    pace = 2_000;
    await s.clock.advance(4_200);
    await s.receiver.shutdown();
    expect(live.runs.map(([start]) => start)).toEqual([0, 1_000, 2_000, 4_000]);
    expect(backfill.runs.map(([start]) => start)).toEqual([0, 2_500, 5_000]);
  });

  it('finish ends one lane; the others go on', async () => {
    let a = 0;
    let c = 0;
    const s = setup({
      lanes: [
        { name: 'bounded', intervalMs: 1_000, collect: ({ finish }) => (++a === 2 ? finish() : undefined) },
        { name: 'endless', intervalMs: 1_000, collect: () => void c++ },
      ],
    });
    await s.receiver.start(s.host);
    await s.clock.advance(5_000);
    await s.receiver.shutdown();
    expect([a, c]).toEqual([2, 6]);
  });
});

describe('polling receiver helper: lifecycle', () => {
  const cases: { name: string; steps: (s: ReturnType<typeof setup>) => Promise<void>; runs: number; stops: number }[] =
    [
      { name: 'shutdown without start', steps: (s) => s.receiver.shutdown(), runs: 0, stops: 0 },
      {
        name: 'double shutdown',
        steps: async (s) => {
          await s.receiver.start(s.host);
          await Promise.all([s.receiver.shutdown(), s.receiver.shutdown()]);
          await s.receiver.shutdown();
        },
        runs: 1,
        stops: 1,
      },
      {
        name: 'start after shutdown',
        steps: async (s) => {
          await s.receiver.shutdown();
          await s.receiver.start(s.host);
          await s.clock.advance(5_000);
        },
        runs: 0,
        stops: 0,
      },
      {
        name: 'start twice',
        steps: async (s) => {
          await s.receiver.start(s.host);
          await s.receiver.start(s.host);
          await s.clock.advance(500);
          await s.receiver.shutdown();
        },
        runs: 1,
        stops: 1,
      },
    ];
  for (const c of cases) {
    it(`${c.name}: ${c.runs} run(s), stop step ${c.stops} time(s), close once`, async () => {
      let runs = 0;
      let stops = 0;
      let closes = 0;
      const s = setup({
        lanes: [{ name: 'main', intervalMs: 1_000, collect: () => void runs++ }],
        stop: () => void stops++,
        close: () => void closes++,
      });
      await c.steps(s);
      await s.receiver.shutdown();
      expect([runs, stops, closes]).toEqual([c.runs, c.stops, 1]);
      expect(s.receiver.signal.aborted).toBe(true);
    });
  }

  it('start returns before a slow start step; lanes start after it; shutdown aborts both', async () => {
    const log: string[] = [];
    const s = setup({
      start: async (_host, signal) => {
        await sleep(s.clock, 10_000, signal);
        log.push('started');
      },
      lanes: [{ name: 'main', intervalMs: 1_000, collect: () => void log.push('run') }],
    });
    await s.receiver.start(s.host);
    await s.clock.advance(10_000);
    expect(log).toEqual(['started', 'run']);
    await s.receiver.shutdown();
    const t = setup({
      start: (_host, signal) => sleep(t.clock, 10_000, signal),
      lanes: [{ name: 'main', intervalMs: 1_000, collect: () => void log.push('never') }],
    });
    await t.receiver.start(t.host);
    await t.receiver.shutdown();
    expect(log).not.toContain('never');
    expect(t.clock.pending()).toBe(0);
  });

  const startCases: { name: string; start: (host: Host) => Promise<boolean | void>; status: string[] }[] = [
    {
      name: 'false',
      start: (host) => {
        host.reportStatus({ status: 'fatal_error', message: 'token refused' });
        return Promise.resolve(false);
      },
      status: ['fatal_error'],
    },
    { name: 'a throw', start: () => Promise.reject(new Error('no zones')), status: ['permanent_error'] },
  ];
  for (const c of startCases) {
    it(`a start step that returns ${c.name} leaves the lanes unstarted`, async () => {
      let runs = 0;
      const s = setup({ start: c.start, lanes: [{ name: 'main', intervalMs: 1_000, collect: () => void runs++ }] });
      await s.receiver.start(s.host);
      await s.clock.advance(3_000);
      await s.receiver.shutdown();
      expect(runs).toBe(0);
      expect(s.host.events.map((e) => e.status)).toEqual(c.status);
    });
  }

  it("the spec's signal stops every lane, as after a fatal error", async () => {
    const fatal = new AbortController();
    let runs = 0;
    const s = setup({ signal: fatal.signal, lanes: [{ name: 'main', intervalMs: 1_000, collect: () => void runs++ }] });
    await s.receiver.start(s.host);
    await s.clock.advance(1_000);
    fatal.abort(new Error('token refused'));
    await s.clock.advance(5_000);
    expect(runs).toBe(2);
    expect(s.receiver.signal.aborted).toBe(true);
    await s.receiver.shutdown();
  });

  it('shutdown aborts an in-flight collection, then runs the stop step', async () => {
    const log: string[] = [];
    const s = setup({
      lanes: [
        {
          name: 'main',
          intervalMs: 1_000,
          collect: async ({ signal }) => {
            log.push('collecting');
            await sleep(s.clock, 60_000, signal).catch((err: unknown) => {
              log.push(`aborted: ${(err as Error).message}`);
              throw err;
            });
          },
        },
      ],
      stop: () => void log.push('stop'),
    });
    await s.receiver.start(s.host);
    await s.clock.advance(1_000);
    await s.receiver.shutdown();
    expect(log).toEqual(['collecting', 'aborted: receiver "r" shutting down', 'stop']);
    expect(await s.recorder.value('settle_receiver_collect_errors')).toBe(0);
  });
});

describe('polling receiver helper: errors and telemetry', () => {
  it('a failed collection is counted by lane and the lane goes on', async () => {
    let n = 0;
    const s = setup({
      lanes: [
        {
          name: 'flaky',
          intervalMs: 1_000,
          collect: () => {
            if (++n % 2 === 1) throw new Error('upstream 502');
            return b(n);
          },
        },
      ],
    });
    await s.receiver.start(s.host);
    await s.clock.advance(3_000);
    await s.receiver.shutdown();
    expect(values(s.sink)).toEqual([2, 4]);
    expect(await s.recorder.value('settle_receiver_collect_errors', { receiver: 'r', lane: 'flaky' })).toBe(2);
  });

  it('emit pushes during the collection and tells it about a refusal; a refused returned batch is not retried', async () => {
    const seen: string[] = [];
    const s = setup({
      lanes: [
        {
          name: 'main',
          intervalMs: 1_000,
          collect: async ({ emit }) => {
            await emit(b(1)).then(
              () => seen.push('ok'),
              (err: unknown) => seen.push(`refused: ${(err as Error).message}`),
            );
            return b(2);
          },
        },
      ],
    });
    s.sink.failWith = new Error('queue full');
    await s.receiver.start(s.host);
    await s.clock.advance(0);
    s.sink.failWith = undefined;
    await s.clock.advance(1_000);
    await s.receiver.shutdown();
    expect(seen).toEqual(['refused: queue full', 'ok']);
    expect(values(s.sink)).toEqual([1, 2]);
  });
});
