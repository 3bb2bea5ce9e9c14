import { describe, expect, it } from 'vitest';
import { isRetryable } from '../../src/errors/error-class.js';
import { b, deferred, passThrough, setup, values } from './kit.js';

describe('processor helper: lifecycle', () => {
  const cases: {
    name: string;
    steps: (p: ReturnType<typeof setup>) => Promise<unknown>;
    expectConsume: 'resolves' | 'permanent';
  }[] = [
    { name: 'consume before start', steps: () => Promise.resolve(), expectConsume: 'permanent' },
    { name: 'shutdown without start', steps: (s) => s.processor.shutdown(), expectConsume: 'permanent' },
    {
      name: 'double shutdown',
      steps: async (s) => {
        await s.processor.start(s.host);
        await Promise.all([s.processor.shutdown(), s.processor.shutdown()]);
        await s.processor.shutdown();
      },
      expectConsume: 'permanent',
    },
    { name: 'started', steps: (s) => s.processor.start(s.host), expectConsume: 'resolves' },
    {
      name: 'start after shutdown stays shut down',
      steps: async (s) => {
        await s.processor.shutdown();
        await s.processor.start(s.host);
      },
      expectConsume: 'permanent',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: consume ${c.expectConsume === 'resolves' ? 'works' : 'is refused permanently'}`, async () => {
      let drains = 0;
      const s = setup({ ...passThrough, drain: () => void drains++ });
      await c.steps(s);
      const result = s.processor.consume(b(1));
      if (c.expectConsume === 'resolves') {
        await expect(result).resolves.toBeUndefined();
      } else {
        const err = await result.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toMatchObject({ code: 'processor_not_running' });
        expect(isRetryable(err)).toBe(false);
      }
      await s.processor.shutdown();
      expect(drains).toBe(c.name === 'started' || c.name === 'double shutdown' ? 1 : 0);
    });
  }

  it('start returns before a slow start step, and every batch waits for it', async () => {
    const gate = deferred();
    const log: string[] = [];
    const s = setup({
      process: (batch) => {
        log.push('process');
        return batch;
      },
      start: async () => {
        await gate.promise;
        log.push('start');
      },
    });
    await s.processor.start(s.host);
    const consumed = s.processor.consume(b(1));
    await s.clock.advance(0);
    expect(log).toEqual([]);
    gate.resolve();
    await consumed;
    expect(log).toEqual(['start', 'process']);
    await s.processor.shutdown();
  });

  it('a failing start step is reported as permanent_error and batches still flow', async () => {
    const s = setup({ ...passThrough, start: () => Promise.reject(new Error('no checkpoint dir')) });
    await s.processor.start(s.host);
    await s.processor.consume(b(4));
    expect(values(s.sink)).toEqual([4]);
    expect(s.host.events).toMatchObject([{ status: 'permanent_error', message: 'start failed: no checkpoint dir' }]);
    await s.processor.shutdown();
  });
});

describe('processor helper: serial steps', () => {
  it('runs concurrent consumes one at a time and forwards in arrival order', async () => {
    let active = 0;
    let maxActive = 0;
    const gates = [deferred(), deferred(), deferred()];
    const s = setup({
      process: async (batch) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await gates[batch.metrics[0]!.points[0]!.value]!.promise;
        active--;
        return batch;
      },
    });
    await s.processor.start(s.host);
    const all = Promise.all([0, 1, 2].map((v) => s.processor.consume(b(v))));
    // Released in reverse: a processor without the helper's chain would forward 2, 1, 0.
    gates[2]!.resolve();
    gates[1]!.resolve();
    await s.clock.advance(0);
    expect(values(s.sink)).toEqual([]);
    gates[0]!.resolve();
    await all;
    expect(values(s.sink)).toEqual([0, 1, 2]);
    expect(maxActive).toBe(1);
    await s.processor.shutdown();
  });

  it('a failing step rejects its own caller only', async () => {
    const s = setup({
      process: (batch) => {
        if (batch.metrics[0]!.points[0]!.value < 0) throw new Error('negative');
        return batch;
      },
    });
    await s.processor.start(s.host);
    const results = await Promise.allSettled([s.processor.consume(b(-1)), s.processor.consume(b(2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(values(s.sink)).toEqual([2]);
    await s.processor.shutdown();
  });
});
