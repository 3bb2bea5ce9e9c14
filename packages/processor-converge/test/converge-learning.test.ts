import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@settle/core';
import { FakeClock } from '@settle/core/testing';
import { T0 } from './helpers.js';
import { counterValue, settlingPoll, startConverge } from './processor-harness.js';

describe('converge processor: learned rule', () => {
  it('logs each rule change at info with its evidence, and reports it and the measurements by source', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done): void {
        for (const l of chunk.toString().split('\n'))
          if (l !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination, pretty: false });
    // 50 %: provable from 3 histories, so the rule is learned within minutes.
    const h = await startConverge({ target_exactness: '50%', ttl: '3m' }, { logger, clock: new FakeClock(T0) });
    for (let p = 0; p < 40; p++) {
      await h.clock.set(T0 + p * 30_000);
      await h.processor.consume(settlingPoll(p, T0 + p * 30_000, T0));
    }
    const m = await h.metrics();
    await h.processor.shutdown();
    const learned = lines.filter((l) => l.msg === 'converge push rule learned');
    expect(learned.length).toBeGreaterThanOrEqual(1);
    expect(learned[0]).toMatchObject({ level: 30, source: 'cloudflare_zone_requests_total', meetsTarget: true });
    expect(learned[0]).toHaveProperty('from', 'threshold 2, stable_for 120s, min_age 300s');
    for (const key of ['n', 'exactness', 'lowerBound', 'meanDelaySeconds', 'p50DelaySeconds']) {
      expect(typeof learned[0]?.[key], key).toBe('number');
    }
    const source = { source: 'cloudflare_zone_requests_total' };
    expect(counterValue(m, 'settle_converge_rule_changes', source)).toBe(learned.length);
    expect(counterValue(m, 'settle_converge_sampled_histories', source)).toBeGreaterThan(0);
    const exactness = counterValue(m, 'settle_converge_first_push_exactness', source);
    expect(exactness).toBeGreaterThan(0);
    expect(exactness).toBeLessThanOrEqual(1);
    expect(
      counterValue(m, 'settle_converge_last_change_seconds', { ...source, quantile: '0.5' }),
    ).toBeGreaterThanOrEqual(0);
  });
});
