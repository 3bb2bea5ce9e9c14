import { createSimulator, startSimulatorServer } from '@settle/cloudflare-sim';
import {
  PointCollector,
  buildZoneQuery,
  datasetById,
  parseGraphqlReply,
  type ZoneInfo,
} from '@settle/receiver-cloudflare';
import { pointKey } from './output-tail.js';

const CHUNK = 10 * 60_000;
const TOKEN = 'demo-truth';

/**
 * The final value of every point of [fromMs, toMs): a twin of the demo's simulator (same seed, so the same
 * traffic) whose clock stands an hour after the end, when every minute has settled, read through the
 * receiver's own query builder and mapping so the keys match the pipeline's output exactly.
 */
export async function finalValues(
  seed: number,
  zones: number,
  datasets: readonly string[],
  fromMs: number,
  toMs: number,
): Promise<Map<string, number>> {
  const settledAt = toMs + 3_600_000;
  const simulator = createSimulator({ seed, zones, tokens: [TOKEN], clock: { now: () => settledAt } });
  const server = await startSimulatorServer({ simulator });
  const out = new Map<string, number>();
  try {
    const infos: ZoneInfo[] = simulator.zones.map((z) => ({ tag: z.tag, name: z.name }));
    for (const id of datasets) {
      const spec = datasetById(id);
      for (let since = fromMs; since < toMs; since += CHUNK) {
        for (let i = 0; i < infos.length; i += 10) {
          const group = infos.slice(i, i + 10);
          const request = buildZoneQuery(spec, {
            zoneTags: group.map((z) => z.tag),
            sinceMs: since,
            untilMs: Math.min(since + CHUNK, toMs),
            limit: 10_000,
          });
          const res = await fetch(server.graphqlUrl, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify(request),
          });
          const reply = parseGraphqlReply(await res.json(), spec.dataset);
          if (reply.malformed !== undefined || reply.errors.length > 0) {
            throw new Error(`reading final values failed: ${reply.malformed ?? reply.errors[0]?.message ?? ''}`);
          }
          const collector = new PointCollector(spec);
          for (const z of reply.zones) {
            const zone = group.find((g) => g.tag === z.zoneTag);
            if (zone !== undefined && z.rows !== undefined) collector.addRows(zone, z.rows);
          }
          for (const m of collector.metrics()) {
            for (const p of m.points)
              out.set(pointKey(m.descriptor.name, p.attributes, p.startMs ?? p.timeMs), p.value);
          }
        }
      }
    }
  } finally {
    await server.close();
  }
  return out;
}
