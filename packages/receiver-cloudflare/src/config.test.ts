import { describe, expect, it } from 'vitest';
import { backfillOrigin, cloudflareConfigSchema, restEndpoint } from './config.js';

const ZONE = '0123456789abcdef0123456789abcdef';

describe('cloudflare config', () => {
  it('fills the documented defaults', () => {
    const c = cloudflareConfigSchema.parse({ api_token: 't', zones: [ZONE] });
    expect(c).toMatchObject({
      endpoint: 'https://api.cloudflare.com/client/v4/graphql',
      datasets: ['http_requests', 'firewall_events'],
      poll_interval: 30_000,
      lookback: 600_000,
      rate_limit: { queries: 300, per: 300_000 },
      timeout: 30_000,
      max_zones_per_query: 10,
      limit: 10_000,
      zone_refresh: 3_600_000,
    });
    expect(c.backfill).toBeUndefined();
    expect(restEndpoint(c)).toBe('https://api.cloudflare.com/client/v4');
  });

  it('derives the REST base from a custom GraphQL endpoint', () => {
    expect(restEndpoint({ endpoint: 'http://127.0.0.1:9/client/v4/graphql', api_endpoint: undefined })).toBe(
      'http://127.0.0.1:9/client/v4',
    );
    expect(restEndpoint({ endpoint: 'http://x/graphql', api_endpoint: 'http://y/v4/' })).toBe('http://y/v4');
  });

  it.each([
    ['https://proxy.example/cf/gql', 'https://proxy.example/client/v4'],
    ['https://proxy.example:8443/graphql-proxy', 'https://proxy.example:8443/client/v4'],
    ['http://user:pw@127.0.0.1:9/x?graphql', 'http://127.0.0.1:9/client/v4'],
  ])('sends credentials only to the host the user named: %s → REST at %s', (endpoint, rest) => {
    expect(restEndpoint({ endpoint, api_endpoint: undefined })).toBe(rest);
  });

  it.each([
    [{ zones: [ZONE] }, 'api_token', 'api_token is required'],
    [{ api_token: 't', api_key: 'k', zones: [ZONE] }, 'api_key', 'either api_token or'],
    [{ api_email: 'me@example.com', zones: [ZONE] }, 'api_key', 'both api_email and api_key'],
    [{ api_token: 't' }, 'zones', 'list zones, or accounts'],
    [{ api_token: 't', zones: ['example.com'] }, 'zones.0', 'not a name'],
    [{ api_token: 't', zones: [ZONE], datasets: ['nope'] }, 'datasets.0', ''],
    [{ api_token: 't', zones: [ZONE], poll_interval: '30' }, 'poll_interval', 'invalid duration'],
    [{ api_token: 't', zones: [ZONE], max_zones_per_query: 11 }, 'max_zones_per_query', ''],
    [{ api_token: 't', zones: [ZONE], limit: 20_000 }, 'limit', ''],
    [{ api_token: 't', zones: [ZONE], backfill: {} }, 'backfill', 'exactly one of'],
    [{ api_token: 't', zones: [ZONE], backfill: { since: 'yesterday' } }, 'backfill.since', ''],
    [{ api_token: 't', zones: [ZONE], polll_interval: '1m' }, '', 'polll_interval'],
  ])('rejects %j at %s', (input, path, message) => {
    const r = cloudflareConfigSchema.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error?.issues.find((i) => i.path.join('.') === path);
    expect(issue, JSON.stringify(r.error?.issues)).toBeDefined();
    expect(issue?.message).toContain(message);
  });

  it('accepts legacy auth and account discovery', () => {
    const c = cloudflareConfigSchema.parse({ api_email: 'me@example.com', api_key: 'k', accounts: [ZONE] });
    expect(c.zones).toEqual([]);
    expect(c.accounts).toEqual([ZONE]);
  });

  it('keys backfill checkpoints by the setting that produced them', () => {
    const since = cloudflareConfigSchema.parse({
      api_token: 't',
      zones: [ZONE],
      backfill: { since: '2026-01-01T00:00:00Z' },
    });
    expect(since.backfill?.chunk).toBe(600_000);
    expect(backfillOrigin(since, 0)).toEqual({
      origin: `since:${Date.UTC(2026, 0, 1)}`,
      startMs: Date.UTC(2026, 0, 1),
    });
    const rel = cloudflareConfigSchema.parse({
      api_token: 't',
      zones: [ZONE],
      backfill: { duration: '2h', chunk: '5m' },
    });
    expect(backfillOrigin(rel, 10_000_000)).toEqual({ origin: 'duration:7200000', startMs: 10_000_000 - 7_200_000 });
  });
});
