import { describe, expect, it } from 'vitest';
import { permanentError, retryableError } from '../../src/errors/settle-error.js';
import { b, deferred, passThrough, setup, values } from './kit.js';

describe('processor helper: timers and drain', () => {
  it('a timer step never overlaps itself nor a batch, even when slower than its interval', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const gate = deferred();
    const s = setup({
      process: (batch) => {
        active++;
        maxActive = Math.max(maxActive, active);
        active--;
        return batch;
      },
      timers: [
        {
          intervalMs: 1_000,
          run: async () => {
            runs++;
            active++;
            maxActive = Math.max(maxActive, active);
            await gate.promise;
            active--;
            return b(100 + runs);
          },
        },
      ],
    });
    await s.processor.start(s.host);
    await s.clock.advance(1_000);
    const consumed = s.processor.consume(b(1));
    await s.clock.advance(10_000);
    expect(runs).toBe(1);
    gate.resolve();
    await consumed;
    await s.clock.advance(1_000);
    expect(runs).toBe(2);
    expect(maxActive).toBe(1);
    expect(values(s.sink)).toEqual([101, 1, 102]);
    await s.processor.shutdown();
  });

  it('atStart timers run once right after start; no timer runs after shutdown', async () => {
    let runs = 0;
    const s = setup({ ...passThrough, timers: [{ intervalMs: 1_000, atStart: true, run: () => void runs++ }] });
    await s.processor.start(s.host);
    await s.clock.advance(0);
    expect(runs).toBe(1);
    await s.clock.advance(2_000);
    expect(runs).toBe(3);
    await s.processor.shutdown();
    await s.clock.advance(5_000);
    expect(runs).toBe(3);
    expect(s.clock.pending()).toBe(0);
  });

  it('drain forwards what the state holds, then stop runs, once', async () => {
    const log: string[] = [];
    const s = setup({
      state: { held: [] as number[] },
      process: (batch, state) => void state.held.push(...batch.metrics[0]!.points.map((p) => p.value)),
      timers: [{ intervalMs: 60_000, run: (state) => b(...state.held.splice(0)) }],
      drain: (state) => b(...state.held.splice(0)),
      stop: () => void log.push(`stop after ${values(s.sink).join(',')}`),
    });
    await s.processor.start(s.host);
    await s.processor.consume(b(1, 2));
    await s.clock.advance(60_000);
    await s.processor.consume(b(3));
    expect(values(s.sink)).toEqual([1, 2]);
    await Promise.all([s.processor.shutdown(), s.processor.shutdown()]);
    expect(values(s.sink)).toEqual([1, 2, 3]);
    expect(log).toEqual(['stop after 1,2,3']);
  });

  it('drain waits for a step in flight', async () => {
    const gate = deferred();
    const s = setup({
      process: async (batch) => {
        await gate.promise;
        return batch;
      },
      drain: () => b(9),
    });
    await s.processor.start(s.host);
    const consumed = s.processor.consume(b(1));
    const stopped = s.processor.shutdown();
    gate.resolve();
    await Promise.all([consumed, stopped]);
    expect(values(s.sink)).toEqual([1, 9]);
  });
});

describe('processor helper: refusals downstream', () => {
  const cases: {
    name: string;
    error: Error;
    retain?: number;
    dropped: Record<string, number>;
    retained: number;
    laterDelivered: number[];
  }[] = [
    {
      name: 'permanent',
      error: permanentError('bad', 'bad'),
      dropped: { refused: 3 },
      retained: 0,
      laterDelivered: [9],
    },
    {
      name: 'retryable without retention',
      error: retryableError('down', 'down'),
      dropped: { refused: 3 },
      retained: 0,
      laterDelivered: [9],
    },
    {
      name: 'retryable with retention',
      error: retryableError('down', 'down'),
      retain: 10,
      dropped: {},
      retained: 3,
      laterDelivered: [1, 2, 3, 9],
    },
    {
      name: 'permanent with retention',
      error: permanentError('bad', 'bad'),
      retain: 10,
      dropped: { refused: 3 },
      retained: 0,
      laterDelivered: [9],
    },
    {
      name: 'retryable over the retention bound',
      error: retryableError('down', 'down'),
      retain: 2,
      dropped: { retained_full: 1 },
      retained: 2,
      laterDelivered: [2, 3, 9],
    },
  ];
  for (const c of cases) {
    it(`${c.name}: the caller gets the error; dropped ${JSON.stringify(c.dropped)}, retained ${c.retained}`, async () => {
      const delivered: number[] = [];
      const s = setup({
        process: (batch) => batch.metrics[0]!.points.map((p) => b(p.value)),
        ...(c.retain === undefined ? {} : { retainRefused: { maxPoints: c.retain } }),
        delivered: (batch) => void delivered.push(batch.metrics[0]!.points[0]!.value),
      });
      await s.processor.start(s.host);
      s.sink.failWith = c.error;
      await expect(s.processor.consume(b(1, 2, 3))).rejects.toBe(c.error);
      for (const reason of ['refused', 'retained_full']) {
        const n = await s.recorder.value('settle_processor_dropped_points', { processor: 'p', reason });
        expect(n, reason).toBe(c.dropped[reason] ?? 0);
      }
      expect(await s.recorder.value('settle_processor_retained_points', { processor: 'p' })).toBe(c.retained);
      expect(delivered).toEqual([]);
      s.sink.failWith = undefined;
      await s.processor.consume(b(9));
      expect(values(s.sink)).toEqual(c.laterDelivered);
      expect(delivered).toEqual(c.laterDelivered);
      expect(await s.recorder.value('settle_processor_retained_points')).toBe(0);
      await s.processor.shutdown();
    });
  }

  it('retained output is offered again on shutdown even without a drain step', async () => {
    const s = setup({ ...passThrough, retainRefused: { maxPoints: 10 } });
    await s.processor.start(s.host);
    s.sink.failWith = retryableError('down', 'down');
    await expect(s.processor.consume(b(5))).rejects.toThrow('down');
    s.sink.failWith = undefined;
    await s.processor.shutdown();
    expect(values(s.sink)).toEqual([5]);
  });

  it('tools.drop counts points the step dropped itself, by reason', async () => {
    const s = setup({
      process: (batch, _state, tools) => {
        tools.drop(batch.metrics[0]!.points.length, 'filtered');
      },
    });
    await s.processor.start(s.host);
    await s.processor.consume(b(1, 2));
    expect(values(s.sink)).toEqual([]);
    expect(await s.recorder.value('settle_processor_dropped_points', { reason: 'filtered' })).toBe(2);
    await s.processor.shutdown();
  });
});
