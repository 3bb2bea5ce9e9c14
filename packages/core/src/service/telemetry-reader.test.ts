import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryReader } from './telemetry-reader.js';

const readers: TelemetryReader[] = [];
afterEach(async () => {
  for (const r of readers.splice(0)) await r.shutdown();
});

function reader(errors: unknown[] = []): TelemetryReader {
  const r = new TelemetryReader((e) => errors.push(...e));
  readers.push(r);
  return r;
}

describe('TelemetryReader', () => {
  it('sums counters by matching attributes, keeps the last gauge value and counts histogram records', async () => {
    const r = reader();
    const meter = r.provider.getMeter('test');
    const sent = meter.createCounter('sent');
    sent.add(3, { exporter: 'file' });
    sent.add(4, { exporter: 'vm' });
    sent.add(5, { exporter: 'vm' });
    const gauge = meter.createGauge('level');
    gauge.record(7, { q: 'a' });
    gauge.record(2, { q: 'a' });
    const delay = meter.createHistogram('delay');
    delay.record(10);
    delay.record(20);

    const t = await r.read();
    expect(t.value('sent')).toBe(12);
    expect(t.value('sent', { exporter: 'vm' })).toBe(9);
    expect(t.value('sent', { exporter: 'none' })).toBe(0);
    expect(t.value('level')).toBe(2);
    expect(t.value('delay')).toBe(2);
    expect(t.has('sent')).toBe(true);
    expect(t.has('never_created')).toBe(false);
    // An instrument nothing was recorded on has no series yet.
    meter.createCounter('unused');
    expect((await r.read()).has('unused')).toBe(false);
  });

  it('reads observable instruments, single and batch, when it collects', async () => {
    const r = reader();
    const meter = r.provider.getMeter('test');
    let open = 1;
    meter.createObservableGauge('open').addCallback((o) => o.observe(open, { p: 'converge' }));
    const exact = meter.createObservableGauge('exact');
    meter.addBatchObservableCallback(
      (o) => {
        o.observe(exact, 0.5, { source: 'a' });
        o.observe(exact, 0.9, { source: 'b' });
      },
      [exact],
    );

    expect((await r.read()).value('open')).toBe(1);
    open = 4;
    const t = await r.read();
    expect(t.value('open', { p: 'converge' })).toBe(4);
    expect(
      t
        .observations('exact')
        .map((o) => [o.attributes['source'], o.value])
        .sort(),
    ).toEqual([
      ['a', 0.5],
      ['b', 0.9],
    ]);
  });

  it('hands what a callback threw to onErrors and still reads the rest', async () => {
    const errors: unknown[] = [];
    const r = reader(errors);
    const meter = r.provider.getMeter('test');
    meter.createObservableGauge('broken').addCallback(() => {
      throw new Error('boom');
    });
    meter.createCounter('fine').add(1);
    const t = await r.read();
    expect(t.value('fine')).toBe(1);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
  });
});
