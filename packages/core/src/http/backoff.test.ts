import { describe, expect, it } from 'vitest';
import { deliveryConfigSchema, retryPolicyOf } from '../exporter-helper/config.js';
import { backoffDelay, decideRetry, type BackoffPolicy } from './backoff.js';
import { MAX_RETRY_AFTER_MS } from './retry-after.js';

// The exporter helper's defaults: 1 s × 1.5^n, capped at 30 s, ± 50 %.
const retry = retryPolicyOf(deliveryConfigSchema.parse({}).retry_on_failure);

describe('backoffDelay', () => {
  it.each([
    [0, 0.5, 1_000],
    [1, 0.5, 1_500],
    [2, 0.5, 2_250],
    [3, 0.5, 3_375],
    [9, 0.5, 30_000], // 1.5^9 s = 38.4 s, capped at maxMs
    [0, 0, 500], // -50 % jitter
    [0, 0.999999, 1_500], // almost +50 %
    [20, 0, 15_000], // the cap applies before the jitter
  ])('attempt %d with random %d waits %d ms', (attempt, random, ms) => {
    expect(backoffDelay(retry, attempt, random)).toBe(ms);
  });

  it('has no jitter with randomizationFactor 0', () => {
    const exact = { ...retry, randomizationFactor: 0 };
    expect([0, 0.3, 0.9].map((r) => backoffDelay(exact, 2, r))).toEqual([2_250, 2_250, 2_250]);
  });

  const policies: [string, BackoffPolicy][] = [
    ['exporter default', retry],
    ['cloudflare', { initialMs: 1_000, maxMs: 60_000, multiplier: 2, randomizationFactor: 0.5 }],
    ['no growth', { initialMs: 250, maxMs: 250, multiplier: 1, randomizationFactor: 1 }],
    ['zero initial', { initialMs: 0, maxMs: 10_000, multiplier: 2, randomizationFactor: 0.5 }],
  ];
  const attempts = [0, 1, 2, 10, 100, 1_075, 10_000, 2 ** 31, Number.MAX_SAFE_INTEGER, Infinity, NaN, -3];
  const randoms = [0, 0.25, 0.5, 0.999999, 1, -1, 2, NaN];

  it.each(policies)('%s: stays within [min, max] at every attempt, never NaN or Infinity', (_, policy) => {
    const low = policy.initialMs * (1 - policy.randomizationFactor);
    const high = policy.maxMs * (1 + policy.randomizationFactor);
    for (const attempt of attempts) {
      for (const random of randoms) {
        const ms = backoffDelay(policy, attempt, random);
        expect(Number.isInteger(ms), `${attempt}/${random} → ${ms}`).toBe(true);
        expect(ms).toBeGreaterThanOrEqual(low);
        expect(ms).toBeLessThanOrEqual(high);
      }
    }
  });

  it('reaches the cap and stays there at high attempt numbers', () => {
    const exact = { ...retry, randomizationFactor: 0 };
    expect([50, 5_000, 1e9].map((n) => backoffDelay(exact, n, 0.5))).toEqual([30_000, 30_000, 30_000]);
  });
});

describe('decideRetry', () => {
  it('uses Retry-After over the backoff, even beyond maxMs', () => {
    expect(decideRetry(retry, 0, 0, 45_000, 0.5)).toEqual({ retry: true, delayMs: 45_000 });
  });

  it('caps a hand-made Retry-After at MAX_RETRY_AFTER_MS', () => {
    const forever = { ...retry, maxElapsedMs: 0 };
    expect(decideRetry(forever, 0, 0, 3_600_000, 0.5)).toEqual({ retry: true, delayMs: MAX_RETRY_AFTER_MS });
  });

  it('gives up when the next wait would pass maxElapsedMs', () => {
    expect(decideRetry(retry, 5, 295_000, undefined, 0.5)).toEqual({ retry: false, reason: 'retries_exhausted' });
    expect(decideRetry(retry, 5, 290_000, undefined, 0.5)).toEqual({ retry: true, delayMs: 7_594 });
  });

  it('retries forever with maxElapsedMs 0', () => {
    const forever = { ...retry, maxElapsedMs: 0 };
    expect(decideRetry(forever, 50, 1e12, undefined, 0.5)).toEqual({ retry: true, delayMs: 30_000 });
  });

  it('does not retry when disabled', () => {
    expect(decideRetry({ ...retry, enabled: false }, 0, 0, undefined, 0.5)).toEqual({
      retry: false,
      reason: 'retry_disabled',
    });
  });
});
