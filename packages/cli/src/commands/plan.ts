import { escapeControl, formatDuration, type ComponentRegistry } from '@settle/core';
import { planReceiver, type CloudflareConfig, type ReceiverPlan } from '@settle/receiver-cloudflare';
import { UsageError } from '../args.js';
import { println, type CliIo } from '../io.js';
import { loadConfig } from './load.js';

/**
 * `settle plan -c FILE [--zones N]`: for every Cloudflare receiver, what its config costs in queries per quota
 * window, per credential, and what poll interval and backfill time the quota allows. It prints the receiver's
 * own sizing rule (`planReceiver`, used by its pacer), so the plan is what the receiver will do.
 */
export async function planCommand(
  file: string,
  zonesFlag: string | undefined,
  registry: ComponentRegistry,
  io: CliIo,
  nowMs: number,
): Promise<number> {
  const discovered = zonesFlag === undefined ? undefined : Number(zonesFlag);
  if (discovered !== undefined && !(Number.isInteger(discovered) && discovered >= 0)) {
    throw new UsageError(`--zones must be a whole number of zones, not "${zonesFlag}"`);
  }
  const config = await loadConfig(file, registry, io);
  const receivers = [...config.receivers.values()].filter((r) => r.type === 'cloudflare');
  if (receivers.length === 0) {
    println(io.stdout, `${escapeControl(file)}: no cloudflare receiver, nothing to plan`);
    return 0;
  }
  for (const r of receivers) {
    const plan = planReceiver(r.config as CloudflareConfig, {
      nowMs,
      ...(config.service.cluster === undefined ? {} : { cluster: config.service.cluster }),
      ...(discovered === undefined ? {} : { discoveredZones: discovered }),
    });
    println(io.stdout, formatPlan(r.id, plan, discovered !== undefined));
  }
  return 0;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const dur = (ms: number): string => (Number.isFinite(ms) ? formatDuration(Math.ceil(ms / 1000) * 1000) : 'never');

export function formatPlan(id: string, p: ReceiverPlan, estimated: boolean): string {
  const window = formatDuration(p.quota.per);
  const zonesText = !p.discovers
    ? `${int(p.zones)} zones`
    : estimated
      ? `${int(p.zones)} zones (${int(p.listedZones)} listed + ${int(p.zones - p.listedZones)} estimated; accounts are discovered at run time)`
      : `${int(p.listedZones)} listed zones + zones discovered at run time (pass --zones N to estimate them)`;
  const c = p.cluster;
  const member =
    c === undefined
      ? []
      : [
          `  cluster member ${c.member} of ${c.members} (replication ${c.replication}): this member's share of ${int(p.allZones)} zones; each zone is collected by ${c.replication} member${c.replication === 1 ? '' : 's'}`,
        ];
  const lines = [
    `receiver ${id}: ${zonesText} × ${p.datasets.length} datasets (${p.datasets.join(', ')})`,
    `  poll_interval ${formatDuration(p.pollIntervalMs)}, quota ${int(p.quota.queries)} queries per ${window} per credential, ${p.credentials.length} credential${p.credentials.length === 1 ? '' : 's'}`,
    ...member,
  ];
  p.credentials.forEach(({ zones, plan }, i) => {
    const head = `  credential ${i + 1}: ${int(zones)} zones, ${int(plan.queriesPerPoll)} queries per poll, ${int(plan.queriesPerWindow)} per ${window}`;
    lines.push(
      plan.fits
        ? `${head}: fits (${Math.round((100 * plan.queriesPerWindow) / p.quota.queries)} % of the quota)`
        : `${head}: over quota; polls every ${dur(plan.effectiveIntervalMs)} instead (${int(plan.effectiveQueriesPerWindow)} per ${window})`,
    );
    if (plan.backfill !== undefined) {
      const b = plan.backfill;
      lines.push(
        `    backfill ${formatDuration(Math.round((p.backfillRangeMs ?? 0) / 60_000) * 60_000)} of history: ${int(b.queries)} queries, ${int(b.sparePerWindow)} spare per ${window} → about ${dur(b.durationMs)} (more if replies need paging)`,
      );
    }
  });
  const slowest = Math.max(...p.credentials.map((c) => c.plan.effectiveIntervalMs));
  if (slowest > p.pollIntervalMs) {
    lines.push(
      `  to keep poll_interval ${formatDuration(p.pollIntervalMs)}: ${p.credentialsNeeded} credentials in all (tokens, or members with their own), or poll_interval ${dur(slowest)}`,
    );
  }
  return lines.join('\n');
}
