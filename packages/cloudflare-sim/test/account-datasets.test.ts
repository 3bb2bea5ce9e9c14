import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso, startHarness, type Harness } from './support.js';

// Shaped like cloudflare/cloudflare-prometheus-exporter's WorkerTotals and lablabs' worker/R2/logpush queries.
const WORKERS = `query ($accountID: string!, $mintime: Time!, $maxtime: Time!, $limit: uint64!) {
  viewer { accounts(filter: { accountTag: $accountID }) { accountTag
    workersInvocationsAdaptive(limit: $limit, filter: { datetime_geq: $mintime, datetime_lt: $maxtime }, orderBy: [datetimeMinute_ASC]) {
      dimensions { datetimeMinute scriptName status }
      sum { requests errors duration }
      quantiles { cpuTimeP50 cpuTimeP75 cpuTimeP99 cpuTimeP999 durationP50 durationP999 }
    } } } }`;

const R2_AND_LOGPUSH = `query ($a: String!, $since: Time!, $until: Time!) {
  viewer { accounts(filter: { accountTag: $a }) {
    r2StorageAdaptiveGroups(limit: 100, filter: { datetime_geq: $since, datetime_lt: $until }) { max { payloadSize objectCount } dimensions { bucketName datetimeMinute } }
    r2OperationsAdaptiveGroups(limit: 1000, filter: { datetime_geq: $since, datetime_lt: $until }) { sum { requests } dimensions { actionType bucketName } }
    logpushHealthAdaptiveGroups(limit: 100, filter: { datetime_geq: $since, datetime_lt: $until, status_neq: 200 }) { count dimensions { jobId status destinationType final } }
  } } }`;

const LOAD_BALANCING = `query ($zoneIDs: [String!], $mintime: Time!, $maxtime: Time!) {
  viewer { zones(filter: { zoneTag_in: $zoneIDs }) { zoneTag
    loadBalancingRequestsAdaptiveGroups(limit: 1000, filter: { datetime_geq: $mintime, datetime_lt: $maxtime }) {
      count dimensions { lbName selectedPoolName selectedOriginName selectedPoolHealthy }
    } } } }`;

type Row = {
  count?: number;
  dimensions: Record<string, unknown>;
  sum?: Record<string, number>;
  max?: Record<string, number>;
  quantiles?: Record<string, number>;
};

describe('account-scoped and generated datasets', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ zones: 2 });
    h.clock.advance(30 * 60_000);
  });
  afterAll(async () => {
    await h.server.close();
  });

  const account = (): string => h.server.simulator.accountTag;

  async function workers(minuteMs: number): Promise<Row[]> {
    const res = await h.gql(WORKERS, {
      accountID: account(),
      mintime: iso(minuteMs),
      maxtime: iso(minuteMs + 60_000),
      limit: 1000,
    });
    expect(res.body.errors).toBeNull();
    const accounts = res.body.data!.viewer.accounts as unknown as {
      accountTag: string;
      workersInvocationsAdaptive: Row[];
    }[];
    expect(accounts[0]?.accountTag).toBe(account());
    return accounts[0]!.workersInvocationsAdaptive;
  }

  it('serves workersInvocationsAdaptive per script and status, with quantiles', async () => {
    const rows = await workers(h.clock.now() - 20 * 60_000);
    expect(new Set(rows.map((r) => r.dimensions['scriptName'])).size).toBe(3);
    expect(rows.some((r) => r.dimensions['status'] === 'scriptThrewException' && (r.sum?.['errors'] ?? 0) > 0)).toBe(
      true,
    );
    for (const r of rows) {
      expect(r.sum?.['requests']).toBeGreaterThan(0);
      expect(r.quantiles?.['cpuTimeP999']).toBeGreaterThanOrEqual(r.quantiles?.['cpuTimeP50'] ?? Infinity);
    }
  });

  it('settles like traffic: a minute grows after it ends and is final after its settle delay', async () => {
    const minute = Math.floor(h.clock.now() / 60_000) * 60_000 - 60_000;
    const total = async (): Promise<number> =>
      (await workers(minute)).reduce((a, r) => a + (r.sum?.['requests'] ?? 0), 0);
    const early = await total();
    h.clock.advance(7 * 60_000);
    const final = await total();
    expect(final).toBeGreaterThan(early);
    h.clock.advance(5 * 60_000);
    expect(await total()).toBe(final);
  });

  it('serves R2 storage and operations and failed Logpush uploads for the account', async () => {
    const until = h.clock.now() - 10 * 60_000;
    const res = await h.gql(R2_AND_LOGPUSH, { a: account(), since: iso(until - 30 * 60_000), until: iso(until) });
    expect(res.body.errors).toBeNull();
    const a = (res.body.data!.viewer.accounts as unknown as Record<string, Row[]>[])[0]!;
    expect(a['r2StorageAdaptiveGroups']!.length).toBeGreaterThanOrEqual(3 * 30);
    expect(a['r2StorageAdaptiveGroups']!.every((r) => (r.max?.['payloadSize'] ?? 0) > 0)).toBe(true);
    expect(new Set(a['r2OperationsAdaptiveGroups']!.map((r) => r.dimensions['actionType'])).size).toBe(5);
    const failed = a['logpushHealthAdaptiveGroups']!;
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.dimensions['status'] !== 200 && r.dimensions['destinationType'] === 'http')).toBe(
      true,
    );
  });

  it('serves loadBalancingRequestsAdaptiveGroups per zone with pool health', async () => {
    const maxtime = h.clock.now() - 10 * 60_000;
    const zoneIDs = h.server.simulator.zones.map((z) => z.tag);
    const res = await h.gql(LOAD_BALANCING, { zoneIDs, mintime: iso(maxtime - 60 * 60_000), maxtime: iso(maxtime) });
    expect(res.body.errors).toBeNull();
    const zones = res.body.data!.viewer.zones as unknown as { loadBalancingRequestsAdaptiveGroups: Row[] }[];
    const rows = zones.flatMap((z) => z.loadBalancingRequestsAdaptiveGroups);
    expect(new Set(rows.map((r) => r.dimensions['lbName']))).toEqual(new Set(['lb.example.com', 'api-lb.example.com']));
    expect(
      rows.every((r) => (r.count ?? 0) > 0 && [0, 1].includes(r.dimensions['selectedPoolHealthy'] as number)),
    ).toBe(true);
  });

  it("refuses an account dataset denied by plan with Cloudflare's message", async () => {
    const tag = account(); // same seed, same account tag
    const h2 = await startHarness({
      zones: 1,
      denied: [{ zone: tag, dataset: 'workersInvocationsAdaptive', reason: 'plan' }],
    });
    try {
      h2.clock.advance(10 * 60_000);
      const res = await h2.gql(WORKERS, {
        accountID: tag,
        mintime: iso(h2.clock.now() - 120_000),
        maxtime: iso(h2.clock.now()),
        limit: 10,
      });
      expect(res.body.errors?.[0]?.message).toContain('not available for your plan');
    } finally {
      await h2.server.close();
    }
  });
});
