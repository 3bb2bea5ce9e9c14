// Values a hostile or broken Cloudflare endpoint can send (issue 19): each is dropped, counted and named.
import { describe, expect, it } from 'vitest';
import { datasetById } from '../datasets/catalog.js';
import { parseGraphqlReply } from './parse-reply.js';
import { PointCollector } from './rows-to-points.js';

const zone = { tag: 'a'.repeat(32), name: 'example.com' };
const MIN = Date.UTC(2026, 0, 1, 12, 0);
const range = { sinceMs: MIN, untilMs: MIN + 10 * 60_000 };
const at = (i: number) => new Date(MIN + i * 60_000).toISOString().replace('.000Z', 'Z');
const row = (count: unknown, time: unknown = at(0), action = 'log') => ({
  count,
  dimensions: {
    datetimeMinute: time,
    action,
    source: 'waf',
    ruleId: 'r',
    clientRequestHTTPHost: 'h',
    clientCountryName: 'FR',
  },
});

function collect(rows: unknown[]) {
  const c = new PointCollector(datasetById('firewall_events'));
  const result = c.addRows(zone, rows, range);
  return { result, values: c.metrics().flatMap((m) => m.points.map((p) => p.value)) };
}

describe('counts', () => {
  it.each([
    ['a hex string', '0x1F'],
    ['an exponent string', '1e3'],
    ['Infinity as a string', 'Infinity'],
    ['a number above 2^53', 2 ** 53 + 2],
    ['1.7e308', 1.7e308],
    ['a fraction', 2.5],
    ['a fractional string', '2.5'],
    ['a negative number', -1],
    ['a boolean', true],
    ['an empty string', ''],
    ['a padded string', ' 12'],
  ])('%s is dropped and named', (_, value) => {
    const { result, values } = collect([row(value)]);
    expect(values).toEqual([]);
    expect(result.invalid).toBe(1);
    expect([...result.invalidFields.keys()]).toEqual(['count']);
  });

  it('decimal numbers and decimal strings up to 2^53 are read', () => {
    const { result, values } = collect([row(12), row('30', at(1)), row(2 ** 53, at(2))]);
    expect(result.invalid).toBe(0);
    expect(values).toEqual([12, 30, 2 ** 53]);
  });

  it('a sum that would pass 2^53 drops the series for that minute instead of writing a wrong or null value', () => {
    const { result, values } = collect([row(2 ** 53), row(2 ** 53), row(5, at(1))]);
    expect(values).toEqual([5]);
    expect(values.every((v) => Number.isFinite(v))).toBe(true);
    expect(result.invalid).toBe(1);
    expect(result.invalidFields.get('count')).toMatch(/sum/);
  });
});

describe('dates', () => {
  it.each([
    ['"1"', '1'],
    ['a date that does not exist', '2026-02-30T00:00:00Z'],
    ['a date without time zone', '2026-01-01T12:00:00'],
    ['a bare date', '2026-01-01'],
    ['hour 24', '2026-01-01T24:00:00Z'],
    ['a number', MIN],
  ])('%s is dropped', (_, time) => {
    const { result, values } = collect([row(1, time)]);
    expect(values).toEqual([]);
    expect(result.invalidFields.has('dimensions.datetimeMinute')).toBe(true);
  });

  it('a row outside the queried range is dropped', () => {
    const { result, values } = collect([row(1, at(-1)), row(2, at(10)), row(3, at(9))]);
    expect(values).toEqual([3]);
    expect(result.invalid).toBe(2);
    expect(result.invalidFields.get('dimensions.datetimeMinute')).toMatch(/outside the queried range/);
  });

  it('RFC 3339 with an offset or fractional seconds is read', () => {
    const { values } = collect([row(1, '2026-01-01T13:01:00+01:00'), row(2, '2026-01-01T12:02:00.000Z')]);
    expect(values).toEqual([1, 2]);
  });
});

describe('reply shape', () => {
  const reply = (zones: unknown[]) => ({ data: { viewer: { zones } }, errors: null });

  it('a zone without its dataset list is an anomaly, not ok', () => {
    const r = parseGraphqlReply(reply([{ zoneTag: zone.tag }]), 'firewallEventsAdaptiveGroups', [zone.tag]);
    expect(r.malformed).toBeUndefined();
    expect(r.anomalies).toEqual([expect.stringMatching(/no "firewallEventsAdaptiveGroups" list/)]);
  });

  it('a zone without zoneTag is an anomaly', () => {
    const r = parseGraphqlReply(reply([{ firewallEventsAdaptiveGroups: [] }]), 'firewallEventsAdaptiveGroups', [
      zone.tag,
    ]);
    expect(r.anomalies).toEqual([expect.stringMatching(/zoneTag/)]);
  });

  it('a zone whose dataset is null because of an error about it is not an anomaly', () => {
    const r = parseGraphqlReply(
      {
        data: { viewer: { zones: [{ zoneTag: zone.tag, firewallEventsAdaptiveGroups: null }] } },
        errors: [{ message: 'no access', path: ['viewer', 'zones', 0, 'firewallEventsAdaptiveGroups'] }],
      },
      'firewallEventsAdaptiveGroups',
      [zone.tag],
    );
    expect(r.anomalies).toEqual([]);
  });

  it('a whole reply is fine', () => {
    const r = parseGraphqlReply(
      reply([{ zoneTag: zone.tag, firewallEventsAdaptiveGroups: [] }]),
      'firewallEventsAdaptiveGroups',
    );
    expect(r.anomalies).toEqual([]);
  });
});

describe('measurements (gauges: quantiles, levels)', () => {
  const durations = { durationP50: 0.5, durationP75: 1, durationP99: 1.5, durationP999: 2 };
  const workerRow = (requests: unknown, p50: unknown) => ({
    dimensions: { datetimeMinute: at(0), scriptName: 'api', status: 'success' },
    sum: { requests, errors: 0 },
    quantiles: { cpuTimeP50: p50, cpuTimeP75: 2, cpuTimeP99: 3, cpuTimeP999: 4, ...durations },
  });
  function collectWorkers(rows: unknown[]) {
    const c = new PointCollector(datasetById('workers'));
    const result = c.addRows({ tag: 'acc', name: 'acc', account: 'acc' }, rows, range);
    const byName = new Map(c.metrics().map((m) => [m.descriptor.name, m.points]));
    return { result, byName };
  }

  it('a quantile may be a fraction (number or plain decimal string), a count still may not', () => {
    const { result, byName } = collectWorkers([workerRow(2.5, 1.25), workerRow(3, '0.75')]);
    const p50 = (byName.get('cloudflare_worker_cpu_time') ?? []).filter((p) => p.attributes.quantile === 'P50');
    expect(p50.map((p) => p.value)).toEqual([1.25]); // both rows are one series: merged by max
    expect(byName.get('cloudflare_worker_requests_count')?.map((p) => p.value)).toEqual([3]);
    expect(result.invalidFields.get('sum.requests')).toBe('a fraction where a count is expected');
  });

  it.each([
    ['an exponent string', '1e3'],
    ['a negative number', -0.5],
    ['Infinity as a string', 'Infinity'],
    ['a boolean', true],
  ])('a quantile that is %s is refused and counted', (_what, raw) => {
    const { result } = collectWorkers([workerRow(1, raw)]);
    expect(result.invalid).toBe(1);
    expect(result.invalidFields.has('quantiles.cpuTimeP50')).toBe(true);
  });
});
