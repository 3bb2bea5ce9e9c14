import type { Metric } from '@settle/core';
import {
  PointCollector,
  buildZoneQuery,
  datasetById,
  parseGraphqlReply,
  type ZoneInfo,
} from '@settle/receiver-cloudflare';
import type { Fetch } from './counting-fetch.js';

export interface ZoneQueryTarget {
  readonly graphqlUrl: string;
  readonly token: string;
  readonly fetch: Fetch;
}

/**
 * One dataset over [sinceMs, untilMs) for up to 10 zones, through the receiver's own query builder, reply
 * parser and row mapping, so a strategy written here sees exactly the series the receiver would emit.
 * Throws on anything but a clean reply: the bench wants to know, not to retry.
 */
export async function queryZones(
  target: ZoneQueryTarget,
  datasetId: string,
  zones: readonly ZoneInfo[],
  sinceMs: number,
  untilMs: number,
): Promise<Metric[]> {
  const spec = datasetById(datasetId);
  const limit = 10_000;
  const request = buildZoneQuery(spec, { zoneTags: zones.map((z) => z.tag), sinceMs, untilMs, limit });
  const res = await target.fetch(target.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const body: unknown = await res.json();
  const reply = parseGraphqlReply(body, spec.dataset, request.variables.zoneTags as string[]);
  if (reply.malformed !== undefined || reply.errors.length > 0) {
    const why = reply.malformed ?? reply.errors.map((e) => e.message).join('; ');
    throw new Error(`${spec.dataset} query failed (HTTP ${res.status}): ${why}`);
  }
  const collector = new PointCollector(spec);
  for (const z of reply.zones) {
    const zone = zones.find((x) => x.tag === z.zoneTag);
    if (zone === undefined || z.rows === undefined) continue;
    if (z.rows.length >= limit) throw new Error(`${spec.dataset}: ${limit} rows for one zone; narrow the range`);
    collector.addRows(zone, z.rows);
  }
  return collector.metrics();
}
