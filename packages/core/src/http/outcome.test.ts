import { describe, expect, it } from 'vitest';
import { isPermanent, isThrottled, retryDelayOf } from '../errors/error-class.js';
import { DEFAULT_STATUS_TABLE, bodySnippet, errorForStatus, statusOutcome, withStatuses } from './outcome.js';
import { errorForTransport } from './transport-error.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const fail = (status: number, headers: Record<string, string> = {}, table = DEFAULT_STATUS_TABLE) =>
  errorForStatus({ status, headers, target: 'http://peer', detail: 'why', nowMs: NOW, table });

describe('statusOutcome: the default table', () => {
  it.each([
    [200, 'ok'],
    [201, 'ok'],
    [204, 'ok'],
    [299, 'ok'],
    [429, 'throttled'],
    [502, 'retryable'],
    [503, 'retryable'],
    [504, 'retryable'],
    [500, 'permanent'], // OTLP spec; VictoriaMetrics overrides it
    [501, 'permanent'],
    [520, 'permanent'], // Cloudflare's edge statuses: the receiver overrides them
    [408, 'permanent'],
    [400, 'permanent'],
    [401, 'permanent'],
    [403, 'permanent'],
    [404, 'permanent'],
    [413, 'permanent'],
    [415, 'permanent'],
    [100, 'permanent'],
    [301, 'permanent'], // redirects are not followed
    [302, 'permanent'],
    [0, 'permanent'],
  ])('HTTP %d → %s', (status, outcome) => {
    expect(statusOutcome(status)).toBe(outcome);
  });

  it('a plugin overrides single statuses', () => {
    const vm = withStatuses({ 500: 'retryable' });
    expect([500, 502, 429, 400].map((s) => statusOutcome(s, vm))).toEqual([
      'retryable',
      'retryable',
      'throttled',
      'permanent',
    ]);
    expect(statusOutcome(500)).toBe('permanent'); // the default is untouched
  });
});

describe('errorForStatus', () => {
  it('2xx is no error', () => {
    expect(fail(200)).toBeUndefined();
  });

  it.each<[number, Record<string, string>, boolean, boolean, number | undefined]>([
    [429, { 'retry-after': '7' }, false, true, 7_000],
    [429, {}, false, true, undefined], // no Retry-After: the caller's backoff decides
    [429, { 'retry-after': '99999999' }, false, true, 300_000], // clamped
    [429, { 'retry-after': 'soon' }, false, true, undefined],
    [503, { 'retry-after': 'Thu, 01 Jan 2026 12:00:30 GMT' }, false, false, 30_000],
    [502, {}, false, false, undefined],
    [400, { 'retry-after': '5' }, true, false, undefined],
    [500, {}, true, false, undefined],
  ])('HTTP %d %j: permanent %s, throttled %s, waits %s', (status, headers, permanent, throttled, delay) => {
    const err = fail(status, headers);
    expect(err?.code).toBe(`http_${status}`);
    expect(err?.message).toBe(`http://peer answered HTTP ${status}: why`);
    expect(isPermanent(err)).toBe(permanent);
    expect(isThrottled(err)).toBe(throttled);
    expect(retryDelayOf(err)).toBe(delay);
  });

  it('says that redirects are not followed', () => {
    expect(fail(301, { location: 'https://elsewhere/' })?.message).toContain(
      'redirects are not followed, set the endpoint to the final URL (Location: https://elsewhere/)',
    );
  });
});

describe('errorForTransport', () => {
  const err = (code: string) => Object.assign(new Error(`failed ${code}`), { code });
  it.each([
    ['ECONNREFUSED', false, 'connection_failed'],
    ['ECONNRESET', false, 'connection_failed'],
    ['ENOTFOUND', false, 'connection_failed'],
    ['EPIPE', false, 'connection_failed'],
    ['ETIMEDOUT', false, 'connection_failed'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', true, 'tls_failed'],
    ['SELF_SIGNED_CERT_IN_CHAIN', true, 'tls_failed'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', true, 'tls_failed'],
    ['CERT_HAS_EXPIRED', true, 'tls_failed'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', true, 'tls_failed'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', true, 'tls_failed'],
  ])('%s → permanent %s (%s)', (code, permanent, settleCode) => {
    const e = errorForTransport(err(code), 'https://peer');
    expect([isPermanent(e), e.code]).toEqual([permanent, settleCode]);
    expect(e.message).toContain(code);
  });
});

describe('bodySnippet', () => {
  it('keeps printable text only, bounded', () => {
    expect(bodySnippet(Buffer.from('\x08\x01\x12\x05hello world\n'))).toBe('hello world');
    expect(bodySnippet(Buffer.from('x'.repeat(10_000)), 20)).toHaveLength(20);
    expect(bodySnippet(new Uint8Array())).toBe('');
  });
});
