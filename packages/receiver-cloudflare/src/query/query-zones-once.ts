import type { Metric } from '@settle/core';
import { RestClient } from '../client/rest-client.js';
import { restEndpoint } from '../config.js';
import { datasetById } from '../datasets/catalog.js';
import { nameRules, readRuleNames } from '../firewall/rule-names.js';
import { buildZoneQuery } from './build-query.js';
import { parseGraphqlReply } from './parse-reply.js';
import { PointCollector, type ZoneInfo } from './rows-to-points.js';

export interface ZoneQueryTarget {
  readonly graphqlUrl: string;
  readonly token: string;
  readonly fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

const LIMIT = 10_000;

/**
 * One dataset over [sinceMs, untilMs) for up to 10 zones, read once through the receiver's own query builder,
 * reply parser and row mapping, so a tool (the demo's scoring, the benchmark's strategies) sees exactly the
 * series the receiver would emit. Unlike the receiver it never retries: anything but a clean, complete reply
 * throws, because a tool that scores against these values must not score against partial ones. Firewall
 * rules are named as the receiver names them by default (`rule_names: true`), from the REST API next to
 * `graphqlUrl`.
 */
export async function queryZonesOnce(
  target: ZoneQueryTarget,
  datasetId: string,
  zones: readonly ZoneInfo[],
  sinceMs: number,
  untilMs: number,
): Promise<Metric[]> {
  const spec = datasetById(datasetId);
  const request = buildZoneQuery(spec, { zoneTags: zones.map((z) => z.tag), sinceMs, untilMs, limit: LIMIT });
  const res = await (target.fetch ?? fetch)(target.graphqlUrl, {
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
    if (z.rows.length >= LIMIT) throw new Error(`${spec.dataset}: ${LIMIT} rows for one zone; narrow the range`);
    collector.addRows(zone, z.rows);
  }
  if (datasetId !== 'firewall_events') return collector.metrics();
  const rest = new RestClient({
    baseUrl: restEndpoint({ endpoint: target.graphqlUrl, api_endpoint: undefined }),
    credentials: { kind: 'token', token: target.token },
    timeoutMs: 30_000,
    now: () => Date.now(),
    ...(target.fetch === undefined ? {} : { fetch: target.fetch }),
  });
  const names = await readRuleNames(
    rest,
    zones.map((z) => z.tag),
    AbortSignal.timeout(60_000),
  );
  return nameRules(collector.metrics(), names);
}
