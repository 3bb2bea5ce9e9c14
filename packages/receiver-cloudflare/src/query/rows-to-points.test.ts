import { describe, expect, it } from 'vitest';
import { datasetById } from '../datasets/catalog.js';
import { PointCollector, bucketOf } from './rows-to-points.js';

const zone = { tag: 'a'.repeat(32), name: 'example.com', account: 'Acme' };
const MIN = Date.UTC(2026, 0, 1, 12, 0);
const minute = (i: number): string => new Date(MIN + i * 60_000).toISOString().replace('.000Z', 'Z');

function collect(id: string, rows: unknown[], z: { tag: string; name: string; account?: string } = zone) {
  const c = new PointCollector(datasetById(id));
  const result = c.addRows(z, rows);
  const points = c
    .metrics()
    .flatMap((m) => m.points.map((p) => ({ name: m.descriptor.name, descriptor: m.descriptor, ...p })));
  return { result, points, byName: (n: string) => points.filter((p) => p.name === n) };
}

const httpRow = (i: number, requests: number) => ({
  dimensions: { datetimeMinute: minute(i) },
  sum: {
    requests,
    bytes: requests * 100,
    cachedRequests: 3,
    cachedBytes: 300,
    encryptedRequests: requests - 1,
    encryptedBytes: 50,
    threats: 0,
    pageViews: 7,
    countryMap: [
      { clientCountryName: 'US', requests: 6, bytes: 600, threats: 0 },
      { clientCountryName: 'DE', requests: requests - 6, bytes: 100, threats: 0 },
    ],
    responseStatusMap: [{ edgeResponseStatus: 200, requests }],
    contentTypeMap: [{ edgeResponseContentTypeName: 'html', requests, bytes: 10 }],
    browserMap: [{ uaBrowserFamily: 'Chrome', pageViews: 7 }],
    threatPathingMap: [],
  },
  uniq: { uniques: 4 },
});

describe('PointCollector', () => {
  it('maps httpRequests1mGroups totals and maps to lablabs names, one point per minute', () => {
    const { points, byName, result } = collect('http_requests', [httpRow(0, 10), httpRow(1, 20)]);
    expect(result).toMatchObject({ invalid: 0, newestBucketMs: MIN + 60_000 });
    const totals = byName('cloudflare_zone_requests_total');
    expect(totals.map((p) => [p.startMs, p.timeMs, p.value])).toEqual([
      [MIN, MIN + 60_000, 10],
      [MIN + 60_000, MIN + 120_000, 20],
    ]);
    expect(totals[0]?.attributes).toEqual({ zone: 'example.com', account: 'Acme' });
    expect(byName('cloudflare_zone_requests_country').find((p) => p.attributes.country === 'DE')?.attributes).toEqual({
      zone: 'example.com',
      account: 'Acme',
      country: 'DE',
      region: 'Europe',
    });
    expect(byName('cloudflare_zone_requests_status')[0]?.attributes.status).toBe('200');
    expect(byName('cloudflare_zone_uniques_total').map((p) => p.value)).toEqual([4, 4]);
    expect(byName('cloudflare_zone_threats_total').map((p) => p.value)).toEqual([0, 0]);
    expect(byName('cloudflare_zone_threats_type')).toEqual([]);
    for (const p of points) {
      expect(p.descriptor).toMatchObject({ kind: 'sum', temporality: 'delta', monotonic: true });
    }
  });

  it('maps adaptive rows with dimensions to labels, one series per combination', () => {
    const rows = [
      {
        count: 5,
        sum: { visits: 2, edgeResponseBytes: 500 },
        dimensions: { datetimeMinute: minute(0), coloCode: 'FRA', clientRequestHTTPHost: 'a.example.com' },
      },
      {
        count: 7,
        sum: { visits: 3, edgeResponseBytes: 700 },
        dimensions: { datetimeMinute: minute(0), coloCode: 'AMS', clientRequestHTTPHost: 'a.example.com' },
      },
    ];
    const { byName } = collect('colocation', rows);
    expect(byName('cloudflare_zone_colocation_requests_total').map((p) => [p.attributes.colocation, p.value])).toEqual([
      ['FRA', 5],
      ['AMS', 7],
    ]);
    expect(byName('cloudflare_zone_colocation_visits')[1]?.attributes).toEqual({
      zone: 'example.com',
      account: 'Acme',
      colocation: 'AMS',
      host: 'a.example.com',
    });
  });

  it('adds up duplicate combinations so each series appears once per minute', () => {
    const row = {
      count: 2,
      dimensions: {
        datetimeMinute: minute(0),
        action: 'block',
        source: 'waf',
        ruleId: 'r1',
        clientRequestHTTPHost: 'h',
        clientCountryName: 'FR',
      },
    };
    const { byName } = collect('firewall_events', [row, { ...row, count: 3 }]);
    expect(byName('cloudflare_zone_firewall_events_count').map((p) => p.value)).toEqual([5]);
    expect(byName('cloudflare_zone_firewall_events_count')[0]?.attributes.rule).toBe('r1');
  });

  it('omits the account label when the account is unknown', () => {
    const { byName } = collect('http_requests', [httpRow(0, 10)], { tag: zone.tag, name: zone.tag });
    expect(byName('cloudflare_zone_requests_total')[0]?.attributes).toEqual({ zone: zone.tag });
  });

  it('counts and drops unreadable rows and values instead of throwing', () => {
    const rows: unknown[] = [
      null,
      42,
      { dimensions: {} },
      { dimensions: { datetimeMinute: 'yesterday' } },
      { count: 'lots', dimensions: { datetimeMinute: minute(0) } },
      { count: -1, dimensions: { datetimeMinute: minute(0) } },
      { count: '12', dimensions: { datetimeMinute: minute(0), action: 'log' } },
    ];
    const { result, byName } = collect('firewall_events', rows);
    expect(result.invalid).toBe(6);
    expect(byName('cloudflare_zone_firewall_events_count').map((p) => p.value)).toEqual([12]);
  });

  it('ignores a map that is not a list, counting it', () => {
    const row = httpRow(0, 10) as { sum: Record<string, unknown> };
    row.sum.countryMap = 'n/a';
    const { result, byName } = collect('http_requests', [row]);
    expect(result.invalid).toBe(3);
    expect(byName('cloudflare_zone_requests_country')).toEqual([]);
    expect(byName('cloudflare_zone_requests_total')).toHaveLength(1);
  });

  it('reads each metric its own value from a map several metrics share, with their own label sets', () => {
    const { byName } = collect('http_requests', [httpRow(0, 10), httpRow(0, 10)]);
    const de = (name: string) => byName(name).find((p) => p.attributes.country === 'DE');
    expect([de('cloudflare_zone_requests_country')?.value, de('cloudflare_zone_bandwidth_country')?.value]).toEqual([
      8, 200,
    ]);
    expect(byName('cloudflare_zone_bandwidth_content_type')[0]?.attributes).toEqual({
      zone: 'example.com',
      account: 'Acme',
      content_type: 'html',
    });
    expect(byName('cloudflare_zone_requests_browser_map_page_views_count')[0]?.attributes).toEqual({
      zone: 'example.com',
      account: 'Acme',
      family: 'Chrome',
    });
  });

  it('rejects numbers that are not counts whether or not they come first in a series', () => {
    const row = (count: unknown) => ({ count, dimensions: { datetimeMinute: minute(0), action: 'log' } });
    const { result, byName } = collect('firewall_events', [row(1.5), row(2 ** 53 + 2), row(-0.5), row(3), row(4)]);
    expect(result.invalid).toBe(3);
    expect(result.invalidFields.get('count')).toBe('a fraction where a count is expected');
    expect(byName('cloudflare_zone_firewall_events_count').map((p) => p.value)).toEqual([7]);
  });

  it('floors bucket times to the minute, whatever time was read before', () => {
    expect(bucketOf({ dimensions: { datetimeMinute: 'yesterday' } })).toBeUndefined();
    expect(bucketOf({ dimensions: { datetimeMinute: '2026-01-01T12:01:42Z' } })).toBe(MIN + 60_000);
    expect(bucketOf({ dimensions: { datetimeMinute: '2026-01-01T12:01:42Z' } })).toBe(MIN + 60_000);
    expect(bucketOf({ dimensions: {} })).toBeUndefined();
    expect(bucketOf({ dimensions: { datetimeMinute: '2026-01-01T12:00:42Z' } })).toBe(MIN);
  });
});
