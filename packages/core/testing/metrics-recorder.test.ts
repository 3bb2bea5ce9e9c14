import { describe, expect, it } from 'vitest';
import { createMetricsRecorder } from './metrics-recorder.js';

describe('createMetricsRecorder', () => {
  it('sums a counter over the points whose attributes include the wanted ones', async () => {
    const rec = createMetricsRecorder();
    const c = rec.meter.createCounter('sent');
    c.add(2, { exporter: 'a', reason: 'x' });
    c.add(3, { exporter: 'a', reason: 'y' });
    c.add(5, { exporter: 'b', reason: 'x' });
    expect(await rec.value('sent')).toBe(10);
    expect(await rec.value('sent', { exporter: 'a' })).toBe(5);
    expect(await rec.value('sent', { exporter: 'a', reason: 'y' })).toBe(3);
    expect(await rec.value('sent', { exporter: 'c' })).toBe(0);
    expect(await rec.value('unknown')).toBe(0);
  });

  it('reads a histogram as its count and an observable gauge as its last value', async () => {
    const rec = createMetricsRecorder();
    const h = rec.meter.createHistogram('latency');
    h.record(10);
    h.record(30);
    let level = 4;
    rec.meter.createObservableGauge('level').addCallback((r) => r.observe(level));
    expect(await rec.value('latency')).toBe(2);
    expect(await rec.value('level')).toBe(4);
    level = 7;
    expect(await rec.value('level')).toBe(7);
  });

  it('snapshot holds every instrument and attribute recorded', async () => {
    const rec = createMetricsRecorder();
    rec.meter.createCounter('queries').add(1, { dataset: 'http_requests' });
    const text = JSON.stringify(await rec.snapshot());
    expect(text).toContain('"queries"');
    expect(text).toContain('http_requests');
  });
});
