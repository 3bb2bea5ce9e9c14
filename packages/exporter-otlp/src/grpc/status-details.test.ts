import { describe, expect, it } from 'vitest';
import { statusWithRetryInfo } from '../../test/support/grpc-receiver.js';
import { readRetryHint } from './status-details.js';

describe('readRetryHint', () => {
  it('reads retry_delay from a google.rpc.Status carrying a RetryInfo', () => {
    expect(readRetryHint(statusWithRetryInfo(14, 'busy', { seconds: 7, nanos: 500_000_000 }))).toEqual({
      hasRetryInfo: true,
      delayMs: 7_500,
    });
    expect(readRetryHint(statusWithRetryInfo(8, '', { seconds: 0, nanos: 1 }))).toEqual({
      hasRetryInfo: true,
      delayMs: 1,
    });
  });

  it('a zero delay is a RetryInfo without a wait', () => {
    expect(readRetryHint(statusWithRetryInfo(8, 'quota', { seconds: 0 }))).toEqual({
      hasRetryInfo: true,
      delayMs: undefined,
    });
  });

  it('nothing, garbage or other details are no RetryInfo', () => {
    const none = { hasRetryInfo: false, delayMs: undefined };
    expect(readRetryHint(undefined)).toEqual(none);
    expect(readRetryHint(new Uint8Array(0))).toEqual(none);
    expect(readRetryHint(Buffer.from([0x1a, 0xff, 0xff]))).toEqual(none);
    const other = Buffer.from(
      statusWithRetryInfo(3, 'x', { seconds: 5 })
        .toString('latin1')
        .replace('google.rpc.RetryInfo', 'google.rpc.Help12345'),
      'latin1',
    );
    expect(readRetryHint(other)).toEqual(none);
  });
});
