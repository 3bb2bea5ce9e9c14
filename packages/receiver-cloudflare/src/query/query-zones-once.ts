import { HttpTransport, type HttpExchange, type Metric } from '@settle/core';
import { RestClient } from '../client/rest-client.js';
import { restEndpoint } from '../config.js';
import { datasetById } from '../datasets/catalog.js';
import type { DatasetSpec } from '../datasets/types.js';
import { nameRules, readRuleNames } from '../firewall/rule-names.js';
import { buildZoneQuery } from './build-query.js';
import { parseGraphqlReply } from './parse-reply.js';
import { PointCollector, type ZoneInfo } from './rows-to-points.js';

export interface ZoneQueryTarget {
  readonly graphqlUrl: string;
  readonly token: string;
  /** Core's HttpTransport by default (a new one per call); tools wrap it, e.g. to count queries. */
  readonly http?: HttpExchange;
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
  const own = new HttpTransport(); // unused (and closed at once) when the caller brings its own
  try {
    const http = target.http ?? own;
    const metrics = await queryRows(http, target, spec, zones, sinceMs, untilMs);
    if (datasetId !== 'firewall_events') return metrics;
    const rest = new RestClient({
      baseUrl: restEndpoint({ endpoint: target.graphqlUrl, api_endpoint: undefined }),
      credentials: { kind: 'token', token: target.token },
      http,
      now: () => Date.now(),
    });
    const names = await readRuleNames(
      rest,
      zones.map((z) => z.tag),
      AbortSignal.timeout(60_000),
    );
    return nameRules(metrics, names);
  } finally {
    own.close();
  }
}

async function queryRows(
  http: HttpExchange,
  target: ZoneQueryTarget,
  spec: DatasetSpec,
  zones: readonly ZoneInfo[],
  sinceMs: number,
  untilMs: number,
): Promise<Metric[]> {
  const request = buildZoneQuery(spec, { zoneTags: zones.map((z) => z.tag), sinceMs, untilMs, limit: LIMIT });
  const res = await http.request({
    method: 'POST',
    url: target.graphqlUrl,
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  let body: unknown;
  try {
    body = JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new Error(`${spec.dataset} query failed (HTTP ${res.status}): reply is not JSON`);
  }
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
    collector.addRows(zone, z.rows, { sinceMs, untilMs });
  }
  return collector.metrics();
}
