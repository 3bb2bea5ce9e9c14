import { describe, expect, it } from 'vitest';
import { cloudflareConfigSchema } from '../src/config.js';
import { drive, pointsOf, TOKEN } from './support/harness.js';
import { simRig } from './support/rigs.js';

const ACCOUNT_DATASETS = ['workers', 'r2_operations', 'r2_storage', 'logpush_account'];
const ZONE_DATASETS = ['load_balancing', 'load_balancing_health', 'logpush_zone', 'health_checks'];

describe('account-scoped and load-balancing datasets against the simulator', () => {
  it('collects every dataset with lablabs names and labels; account series carry no zone', async () => {
    const { clock, server, rig } = await simRig({ zones: 2 }, (s) => ({
      accounts: [s.simulator.accountTag],
      datasets: [...ACCOUNT_DATASETS, ...ZONE_DATASETS],
    }));
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 60_000, 5_000);
    const batches = rig.sink.batches;
    const expectLabels = (metric: string, labels: string[]): void => {
      const points = pointsOf(batches, metric);
      expect(points.length, metric).toBeGreaterThan(0);
      for (const p of points) expect(Object.keys(p.attributes).sort(), metric).toEqual([...labels].sort());
    };
    expectLabels('cloudflare_worker_requests_count', ['account', 'script_name', 'status']);
    expectLabels('cloudflare_worker_errors_count', ['account', 'script_name', 'status']);
    expectLabels('cloudflare_worker_cpu_time', ['account', 'script_name', 'status', 'quantile']);
    expectLabels('cloudflare_worker_duration', ['account', 'script_name', 'status', 'quantile']);
    expectLabels('cloudflare_r2_operation_count', ['account', 'bucket', 'operation']);
    expectLabels('cloudflare_r2_storage_bytes', ['account', 'bucket']);
    expectLabels('cloudflare_r2_storage_total_bytes', ['account']);
    expectLabels('cloudflare_logpush_failed_jobs_account_count', ['account', 'destination', 'job_id', 'final']);
    expectLabels('cloudflare_logpush_failed_jobs_zone_count', ['zone', 'account', 'destination', 'job_id', 'final']);
    expectLabels('cloudflare_zone_pool_requests_total', [
      'zone',
      'account',
      'load_balancer_name',
      'pool_name',
      'origin_name',
    ]);
    expectLabels('cloudflare_zone_pool_health_status', ['zone', 'account', 'load_balancer_name', 'pool_name']);
    expectLabels('cloudflare_zone_health_check_events_origin_count', [
      'zone',
      'account',
      'health_status',
      'origin_ip',
      'region',
      'fqdn',
    ]);

    // The account label is the account's name from the REST API, as on zone series.
    const account = pointsOf(batches, 'cloudflare_worker_requests_count')[0]?.attributes.account;
    expect(account).toBe(pointsOf(batches, 'cloudflare_zone_pool_requests_total')[0]?.attributes.account);
    expect(account).not.toBe(server.simulator.accountTag);

    // Quantiles are gauges, one series per quantile; the total is the sum of the buckets of the same minute.
    const cpu = batches.flatMap((b) => b.metrics).find((m) => m.descriptor.name === 'cloudflare_worker_cpu_time');
    expect(cpu?.descriptor.kind).toBe('gauge');
    expect(new Set(pointsOf(batches, 'cloudflare_worker_cpu_time').map((p) => p.attributes.quantile))).toEqual(
      new Set(['P50', 'P75', 'P99', 'P999']),
    );
    const minute = pointsOf(batches, 'cloudflare_r2_storage_total_bytes')[0];
    const buckets = pointsOf(batches, 'cloudflare_r2_storage_bytes').filter(
      (p) => p.startMs === minute?.startMs && p.meta === minute?.meta,
    );
    expect(buckets).toHaveLength(3);
    expect(minute?.value).toBe(buckets.reduce((a, p) => a + p.value, 0));
    // Pool health is 0/1.
    expect(pointsOf(batches, 'cloudflare_zone_pool_health_status').every((p) => p.value === 0 || p.value === 1)).toBe(
      true,
    );
    // One query per account per poll (polls at 0, 30 and 60 s).
    expect(await rig.metrics.value('settle_cloudflare_queries', { dataset: 'workers', result: 'ok' })).toBe(3);
  });

  it('skips an account dataset that is not available for the plan, and keeps the others', async () => {
    const accountTag = 'd'.repeat(32);
    const { clock, rig, lines } = await simRig(
      { zones: 1, accountTag, denied: [{ zone: accountTag, dataset: 'workersInvocationsAdaptive', reason: 'plan' }] },
      { accounts: [accountTag], datasets: ['workers', 'r2_operations'] },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 30_000, 5_000);
    expect(pointsOf(rig.sink.batches, 'cloudflare_r2_operation_count').length).toBeGreaterThan(0);
    expect(pointsOf(rig.sink.batches, 'cloudflare_worker_requests_count')).toHaveLength(0);
    expect(lines.filter((l) => l.includes('not available for your plan') && l.includes('"level":40'))).toHaveLength(1);
    expect(rig.host.events.map((e) => e.status)).not.toContain('fatal_error');
  });

  it('refuses an account dataset without an account, naming the dataset', () => {
    const result = cloudflareConfigSchema.safeParse({
      api_token: TOKEN,
      zones: ['a'.repeat(32)],
      datasets: ['http_requests', 'workers'],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['datasets', 1],
      message: 'workers is an account dataset: list the account tag under accounts',
    });
  });
});
