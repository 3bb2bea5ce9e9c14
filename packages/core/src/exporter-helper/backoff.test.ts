import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, backoffDelay, decideRetry } from './backoff.js';
import { deliveryConfigSchema } from './config.js';

const retry = deliveryConfigSchema.parse({}).retry_on_failure;

describe('backoffDelay', () => {
  it.each([
    [0, 0.5, 1_000],
    [1, 0.5, 1_500],
    [2, 0.5, 2_250],
    [3, 0.5, 3_375],
    [9, 0.5, 30_000], // 1.5^9 s = 38.4 s, capped at max_interval
    [0, 0, 500], // -50 % jitter
    [0, 0.999999, 1_500], // almost +50 %
    [20, 0, 15_000], // the cap applies before the jitter
  ])('attempt %d with random %d waits %d ms', (attempt, random, ms) => {
    expect(backoffDelay(retry, attempt, random)).toBe(ms);
  });

  it('has no jitter with randomization_factor 0', () => {
    const exact = { ...retry, randomization_factor: 0 };
    expect([0, 0.3, 0.9].map((r) => backoffDelay(exact, 2, r))).toEqual([2_250, 2_250, 2_250]);
  });
});

describe('decideRetry', () => {
  it('uses Retry-After over the backoff, even beyond max_interval', () => {
    expect(decideRetry(retry, 0, 0, 45_000, 0.5)).toEqual({ retry: true, delayMs: 45_000 });
  });

  it('caps Retry-After at 5 minutes', () => {
    const forever = { ...retry, max_elapsed_time: 0 };
    expect(decideRetry(forever, 0, 0, 3_600_000, 0.5)).toEqual({ retry: true, delayMs: MAX_RETRY_AFTER_MS });
  });

  it('gives up when the next wait would pass max_elapsed_time', () => {
    expect(decideRetry(retry, 5, 295_000, undefined, 0.5)).toEqual({ retry: false, reason: 'retries_exhausted' });
    expect(decideRetry(retry, 5, 290_000, undefined, 0.5)).toEqual({ retry: true, delayMs: 7_594 });
  });

  it('retries forever with max_elapsed_time 0', () => {
    const forever = { ...retry, max_elapsed_time: 0 };
    expect(decideRetry(forever, 50, 1e12, undefined, 0.5)).toEqual({ retry: true, delayMs: 30_000 });
  });

  it('does not retry when disabled', () => {
    expect(decideRetry({ ...retry, enabled: false }, 0, 0, undefined, 0.5)).toEqual({
      retry: false,
      reason: 'retry_disabled',
    });
  });
});
