import { createSimulator, startSimulatorServer } from '@settle/cloudflare-sim';
import { describe, expect, it } from 'vitest';
import { queryZonesOnce } from '../src/index.js';

const MINUTE = 60_000;
const T = Date.UTC(2026, 0, 1, 12);

describe('queryZonesOnce', () => {
  it('reads settled minutes that equal the simulator truth, and throws on a refused token', async () => {
    const simulator = createSimulator({ seed: 3, zones: 2, tokens: ['t'], clock: { now: () => T + 3_600_000 } });
    const server = await startSimulatorServer({ simulator });
    try {
      const zones = simulator.zones.map((z) => ({ tag: z.tag, name: z.name }));
      const target = { graphqlUrl: server.graphqlUrl, token: 't' };
      const metrics = await queryZonesOnce(target, 'http_requests', zones, T, T + 2 * MINUTE);
      const requests = metrics.find((m) => m.descriptor.name === 'cloudflare_zone_requests_total');
      expect(requests?.points).toHaveLength(4);
      for (const p of requests?.points ?? []) {
        const zone = simulator.zones.find((z) => z.name === p.attributes['zone']);
        const truth = simulator.truth(zone?.tag ?? '', 'httpRequests1mGroups', p.startMs ?? -1);
        expect(p.value).toBe(truth[0]?.values['requests']);
        expect(p.timeMs - (p.startMs ?? 0)).toBe(MINUTE);
      }
      await expect(
        queryZonesOnce({ ...target, token: 'wrong' }, 'http_requests', zones, T, T + MINUTE),
      ).rejects.toThrow(/query failed \(HTTP 403\)/);
    } finally {
      await server.close();
    }
  });
});
