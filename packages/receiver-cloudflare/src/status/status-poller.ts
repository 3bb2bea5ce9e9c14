import { createBatch, errorCodeOf, type Clock, type Consumer, type Logger } from '@settle/core';
import type { RestClient } from '../client/rest-client.js';
import type { Activity } from '../lanes/activity.js';
import type { SkipList } from '../lanes/skip-list.js';
import type { ZoneInfo } from '../query/rows-to-points.js';
import { GaugeReadings, text } from './gauges.js';
import { addPoolOriginReadings } from './pool-origin-status.js';
import { addTunnelReadings } from './tunnel-status.js';

/** What the status poll can read, by the id used under `status:` in the config. */
export const STATUS_SOURCES = ['tunnels', 'pool_origins'] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];

/**
 * Batch meta flag the `converge` processor honours: forward as is. These readings are the state at the poll's
 * instant, not per-minute buckets that keep changing, so there is nothing to wait for.
 */
const PASSTHROUGH = 'converge.passthrough';

export interface StatusPollerDeps {
  readonly rest: RestClient;
  readonly accounts: () => readonly ZoneInfo[];
  readonly sources: readonly StatusSource[];
  readonly skips: SkipList;
  readonly next: Consumer;
  readonly activity: Activity;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly signal: AbortSignal;
}

/**
 * A gauge poll of account state over the REST API (Cloudflare Tunnel status, load-balancer origin health):
 * every `status_interval`, one batch per account with the current readings stamped with the poll's instant,
 * marked for converge to pass through. A source the token may not read is skipped for that account for
 * `skip_retry` and warned about once; other failures are logged and the next poll tries again.
 */
export class StatusPoller {
  constructor(private readonly deps: StatusPollerDeps) {}

  async poll(): Promise<void> {
    const { deps } = this;
    for (const account of deps.accounts()) {
      const readings = new GaugeReadings(deps.clock.now());
      const name = account.account ?? account.name;
      for (const source of deps.sources) {
        if (deps.skips.has(`status:${source}`, account.tag, deps.clock.now())) continue;
        try {
          await deps.activity.track(this.read(source, account.tag, name, readings));
        } catch (err) {
          if (deps.signal.aborted) return;
          this.failed(source, account, err);
        }
      }
      const metrics = readings.metrics();
      if (metrics.length === 0) continue;
      const batch = createBatch(metrics, {}, { origin: 'live', [PASSTHROUGH]: true, 'cloudflare.status': true });
      try {
        await deps.activity.track(deps.next.consume(batch));
      } catch (err) {
        deps.logger.warn({ error: err instanceof Error ? err.message : String(err) }, 'next stage refused status');
      }
    }
  }

  private async read(source: StatusSource, tag: string, account: string, out: GaugeReadings): Promise<void> {
    const { rest, signal } = this.deps;
    const base = `/accounts/${encodeURIComponent(tag)}`;
    if (source === 'pool_origins') {
      for (const pool of await rest.list(`${base}/load_balancers/pools`, signal))
        addPoolOriginReadings(out, account, pool);
      return;
    }
    for (const tunnel of await rest.list(`${base}/cfd_tunnel?is_deleted=false`, signal)) {
      const id = text(tunnel, 'id');
      const connectors =
        id === '' ? [] : await rest.list(`${base}/cfd_tunnel/${encodeURIComponent(id)}/connections`, signal);
      addTunnelReadings(out, account, tunnel, connectors);
    }
  }

  private failed(source: StatusSource, account: ZoneInfo, err: unknown): void {
    const { logger, skips, clock } = this.deps;
    const error = err instanceof Error ? err.message : String(err);
    const code = errorCodeOf(err);
    const refused = code === 'cloudflare_auth' || code === 'cloudflare_not_found';
    if (!refused) {
      logger.warn({ status: source, account: account.name, error }, 'status poll failed; trying again next time');
      return;
    }
    const first = skips.add(`status:${source}`, account.tag, clock.now());
    const permission = source === 'tunnels' ? 'Cloudflare Tunnel: Read' : 'Load Balancing: Monitors and Pools: Read';
    const fields = { status: source, account: account.name, error };
    if (first)
      logger.warn(fields, `cannot read ${source} (does the token have ${permission}?); skipping it for a while`);
    else logger.debug(fields, `${source} still not readable`);
  }
}
