import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/clock/clock.js';
import type { Host } from '../../src/component/types.js';
import { b, setup, values } from './kit.js';

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
