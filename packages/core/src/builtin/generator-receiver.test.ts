import { describe, expect, it } from 'vitest';
import { createTestContext, FakeClock, RecordingHost, SinkConsumer } from '../../testing/index.js';
import { generateMetric, generatorReceiver } from './generator-receiver.js';

describe('generator receiver', () => {
  it('emits one batch per interval with the clock time, series attributes and resource', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const sink = new SinkConsumer();
    const config = generatorReceiver.config.parse({
      interval: '1m',
      series: 3,
      metric: 'requests',
      kind: 'sum',
      pattern: 'counter',
      attributes: { zone: 'a' },
      resource: { host: 'h1' },
    });
    const receiver = await generatorReceiver.create(createTestContext({ clock, kind: 'receiver' }), config, sink);
    await receiver.start(new RecordingHost());
    await clock.advance(59_999);
    expect(sink.batches).toHaveLength(0);
    await clock.advance(1);
    await clock.advance(60_000);
    await receiver.shutdown();
    expect(sink.batches).toHaveLength(2);
    const points = sink.points();
    expect(points).toHaveLength(6);
    expect(points[0]).toMatchObject({
      name: 'requests',
      attributes: { zone: 'a', series: '0' },
      resource: { host: 'h1' },
      startMs: Date.UTC(2026, 0, 1),
      timeMs: Date.UTC(2026, 0, 1, 0, 1),
      value: 1,
    });
    // counter pattern: (series + 1) * (tick + 1); second batch's start is the first batch's time
    expect(points[5]).toMatchObject({ attributes: { series: '2' }, startMs: Date.UTC(2026, 0, 1, 0, 1), value: 6 });
    expect(sink.batches[0]?.metrics[0]?.descriptor).toEqual({
      name: 'requests',
      kind: 'sum',
      temporality: 'delta',
      monotonic: true,
    });
  });

  it('stops after max_batches and after shutdown', async () => {
    const clock = new FakeClock();
    const sink = new SinkConsumer();
    const config = generatorReceiver.config.parse({ interval: '1s', max_batches: 2 });
    const receiver = await generatorReceiver.create(createTestContext({ clock, kind: 'receiver' }), config, sink);
    await receiver.start(new RecordingHost());
    await clock.advance(10_000);
    expect(sink.batches).toHaveLength(2);
    await receiver.shutdown();
    expect(clock.pending()).toBe(0);
  });

  it('survives a refusing consumer', async () => {
    const clock = new FakeClock();
    const sink = new SinkConsumer();
    sink.failWith = new Error('nope');
    const config = generatorReceiver.config.parse({ interval: '1s' });
    const receiver = await generatorReceiver.create(createTestContext({ clock, kind: 'receiver' }), config, sink);
    await receiver.start(new RecordingHost());
    await clock.advance(3_000);
    sink.failWith = undefined;
    await clock.advance(1_000);
    await receiver.shutdown();
    expect(sink.batches).toHaveLength(1);
  });

  it.each(['constant', 'counter', 'sine', 'random'] as const)('pattern %s is deterministic', (pattern) => {
    const config = generatorReceiver.config.parse({ pattern, series: 4, value: 50 });
    const a = generateMetric(config, 7, 1000, 0);
    const b = generateMetric(config, 7, 1000, 0);
    expect(a).toEqual(b);
    expect(a.descriptor.kind).toBe('gauge');
    for (const p of a.points) expect(Number.isFinite(p.value)).toBe(true);
    if (pattern === 'constant') expect(a.points.map((p) => p.value)).toEqual([50, 50, 50, 50]);
    if (pattern === 'random') for (const p of a.points) expect(p.value).toBeGreaterThanOrEqual(0);
  });

  it('rejects unknown keys and bad intervals', () => {
    expect(generatorReceiver.config.safeParse({ seriez: 3 }).success).toBe(false);
    expect(generatorReceiver.config.safeParse({ interval: '10' }).success).toBe(false);
  });
});
