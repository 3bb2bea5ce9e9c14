import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DATASETS, datasetById } from '../datasets/catalog.js';
import { buildZoneQuery, toRfc3339 } from './build-query.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const params = { zoneTags: ['a'.repeat(32), 'b'.repeat(32)], sinceMs: T0, untilMs: T0 + 600_000, limit: 10_000 };

describe('buildZoneQuery', () => {
  it('asks for httpRequests1mGroups in the shape Cloudflare documents', () => {
    const { query, variables } = buildZoneQuery(datasetById('http_requests'), params);
    expect(query).toContain(
      'query Settle_HttpRequests($zoneTags: [string!], $since: Time!, $until: Time!, $limit: uint64!)',
    );
    expect(query).toContain('zones(filter: { zoneTag_in: $zoneTags })');
    expect(query).toContain(
      'httpRequests1mGroups(limit: $limit, filter: { datetime_geq: $since, datetime_lt: $until }, orderBy: [datetimeMinute_ASC])',
    );
    for (const field of [
      'requests',
      'cachedBytes',
      'encryptedRequests',
      'pageViews',
      'threats',
      'uniques',
      'uaBrowserFamily',
    ]) {
      expect(query).toMatch(new RegExp(`\\b${field}\\b`));
    }
    expect(variables).toEqual({
      zoneTags: params.zoneTags,
      since: '2026-01-01T12:00:00Z',
      until: '2026-01-01T12:10:00Z',
      limit: 10_000,
    });
  });

  it('selects each map field once, with every field its metrics and labels read', () => {
    const { query } = buildZoneQuery(datasetById('http_requests'), params);
    const countryMap = /countryMap \{([^}]*)\}/.exec(query)?.[1] ?? '';
    expect(countryMap.split(/\s+/).filter(Boolean).sort()).toEqual([
      'bytes',
      'clientCountryName',
      'requests',
      'threats',
    ]);
    expect(query.match(/countryMap/g)).toHaveLength(1);
  });

  it('adds dataset filters as literals next to the time range', () => {
    const { query } = buildZoneQuery(datasetById('origin_status_country_host'), params);
    expect(query).toContain('filter: { datetime_geq: $since, datetime_lt: $until, cacheStatus_notin: ["hit"] }');
    expect(query).toContain('originResponseStatus');
  });

  it.each(DATASETS.map((d) => [d.id, d] as const))('%s builds a syntactically valid GraphQL document', (_id, spec) => {
    const { query } = buildZoneQuery(
      spec,
      spec.scope === 'account' ? { ...params, zoneTags: ['c'.repeat(32)] } : params,
    );
    expect(() => parse(query)).not.toThrow();
    expect(query).toContain(`${spec.dataset}(`);
    expect(query).toContain('datetimeMinute');
  });

  it('asks for an account dataset under viewer.accounts, one account per query', () => {
    const account = 'c'.repeat(32);
    const { query, variables } = buildZoneQuery(datasetById('workers'), { ...params, zoneTags: [account] });
    expect(query).toContain(
      'query Settle_Workers($accountTag: string!, $since: Time!, $until: Time!, $limit: uint64!)',
    );
    expect(query).toContain('accounts(filter: { accountTag: $accountTag })');
    expect(query).toMatch(/quantiles \{[^}]*cpuTimeP999[^}]*\}/);
    expect(variables).toMatchObject({ accountTag: account });
    expect(() => buildZoneQuery(datasetById('workers'), params)).toThrow(/one account per query/);
  });

  it('formats times as RFC 3339 at whole seconds', () => {
    expect(toRfc3339(T0 + 1_999)).toBe('2026-01-01T12:00:01Z');
  });
});
