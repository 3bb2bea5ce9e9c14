import { createSimulator, startSimulatorServer, type SettlingModelName } from '@settle/cloudflare-sim';
import { queryZonesOnce, type ZoneInfo } from '@settle/receiver-cloudflare';
import { pointKey } from './output-tail.js';

const CHUNK = 10 * 60_000;
const TOKEN = 'demo-truth';

/**
 * The final value of every point of [fromMs, toMs): a twin of the demo's simulator (same seed and settling
 * model, so the same traffic) whose clock stands an hour after the end (every model settles within 11 minutes), when every minute has settled, read through the
 * receiver's own query builder and mapping so the keys match the pipeline's output exactly.
 */
export async function finalValues(
  seed: number,
  zones: number,
  settling: SettlingModelName,
  datasets: readonly string[],
  fromMs: number,
  toMs: number,
): Promise<Map<string, number>> {
  const settledAt = toMs + 3_600_000;
  const simulator = createSimulator({ seed, zones, settling, tokens: [TOKEN], clock: { now: () => settledAt } });
  const server = await startSimulatorServer({ simulator });
  const out = new Map<string, number>();
  try {
    const infos: ZoneInfo[] = simulator.zones.map((z) => ({ tag: z.tag, name: z.name }));
    const target = { graphqlUrl: server.graphqlUrl, token: TOKEN };
    for (const id of datasets) {
      for (let since = fromMs; since < toMs; since += CHUNK) {
        for (let i = 0; i < infos.length; i += 10) {
          const metrics = await queryZonesOnce(
            target,
            id,
            infos.slice(i, i + 10),
            since,
            Math.min(since + CHUNK, toMs),
          );
          for (const m of metrics) {
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
