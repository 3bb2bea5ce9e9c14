import { describe, expect, it } from 'vitest';
import { errorCodeOf, isPermanent, isRetryable, isSettleError, isThrottled, retryDelayOf } from './error-class.js';
import { SettleError, permanentError, retryableError, throttledError } from './settle-error.js';

describe('errors as data', () => {
  it.each<[string, unknown, { retryable: boolean; throttled: boolean; delay: number | undefined; code?: string }]>([
    [
      'new SettleError() (the default)',
      new SettleError('x', 'm'),
      { retryable: true, throttled: false, delay: undefined, code: 'x' },
    ],
    [
      'retryable: false',
      new SettleError('x', 'm', { retryable: false }),
      { retryable: false, throttled: false, delay: undefined, code: 'x' },
    ],
    ['permanentError', permanentError('p', 'm'), { retryable: false, throttled: false, delay: undefined, code: 'p' }],
    ['retryableError', retryableError('r', 'm'), { retryable: true, throttled: false, delay: undefined, code: 'r' }],
    [
      'retryableError with a wait',
      retryableError('r', 'm', { retryAfterMs: 7_000 }),
      { retryable: true, throttled: false, delay: 7_000, code: 'r' },
    ],
    [
      'throttledError with a wait',
      throttledError('t', 'm', 30_000),
      { retryable: true, throttled: true, delay: 30_000, code: 't' },
    ],
    [
      'throttledError without a wait',
      throttledError('t', 'm', undefined),
      { retryable: true, throttled: true, delay: undefined, code: 't' },
    ],
    [
      'throttled even if marked not retryable',
      new SettleError('t', 'm', { throttled: true, retryable: false }),
      { retryable: true, throttled: true, delay: undefined, code: 't' },
    ],
    [
      'a negative wait',
      retryableError('r', 'm', { retryAfterMs: -5 }),
      { retryable: true, throttled: false, delay: undefined, code: 'r' },
    ],
    [
      'a NaN wait',
      retryableError('r', 'm', { retryAfterMs: NaN }),
      { retryable: true, throttled: false, delay: undefined, code: 'r' },
    ],
    ['a plain Error', new Error('boom'), { retryable: true, throttled: false, delay: undefined }],
    ['a string', 'boom', { retryable: true, throttled: false, delay: undefined }],
    ['undefined', undefined, { retryable: true, throttled: false, delay: undefined }],
    [
      'a look-alike without the brand',
      { code: 'x', retryable: false, retryAfterMs: 5 },
      { retryable: true, throttled: false, delay: undefined },
    ],
  ])('%s', (_, err, want) => {
    expect(isRetryable(err)).toBe(want.retryable);
    expect(isPermanent(err)).toBe(!want.retryable);
    expect(isThrottled(err)).toBe(want.throttled);
    expect(retryDelayOf(err)).toBe(want.delay);
    expect(errorCodeOf(err)).toBe(want.code);
    expect(isSettleError(err)).toBe(want.code !== undefined);
  });

  it('recognises a SettleError built by another class carrying the brand', () => {
    const foreign = Object.assign(new Error('m'), {
      [Symbol.for('settle.error')]: true,
      code: 'other_copy',
      retryable: false,
    });
    expect(isSettleError(foreign)).toBe(true);
    expect(isPermanent(foreign)).toBe(true);
    expect(foreign instanceof SettleError).toBe(true);
  });

  it('keeps subclass instanceof exact', () => {
    class Special extends SettleError {}
    expect(new Special('s', 'm') instanceof Special).toBe(true);
    expect(new SettleError('s', 'm') instanceof Special).toBe(false);
    expect(new Special('s', 'm') instanceof SettleError).toBe(true);
  });
});
