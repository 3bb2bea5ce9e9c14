import { describe, expect, it } from 'vitest';
import { setup, timedLane, values } from './kit.js';

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

  it('counts each collection in the duration histogram and the overruns of a lane that fell behind', async () => {
    const slow = timedLane('slow', 1_000, 1_500);
    const quick = timedLane('quick', 1_000, 300);
    const paced = timedLane('paced', 1_000, 1_500, { measureFrom: 'end' });
    const s = setup({ lanes: [slow.lane, quick.lane, paced.lane] });
    for (const t of [slow, quick, paced]) t.bind(s.clock);
    await s.receiver.start(s.host);
    await s.clock.advance(3_000);
    await s.receiver.shutdown();
    const count = (name: string, lane: string): Promise<number> => s.recorder.value(name, { receiver: 'r', lane });
    expect(await count('settle_receiver_collect_duration', 'slow')).toBe(slow.runs.length);
    expect(await count('settle_receiver_collect_duration', 'quick')).toBe(quick.runs.length);
    // Each slow run ends after the next one was due; a paced lane's interval starts at the end, so never.
    expect(await count('settle_receiver_collect_overruns', 'slow')).toBe(slow.runs.length);
    expect(await count('settle_receiver_collect_overruns', 'quick')).toBe(0);
    expect(await count('settle_receiver_collect_overruns', 'paced')).toBe(0);
    expect(slow.runs.length).toBe(2);
  });
});
