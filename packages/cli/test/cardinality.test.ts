import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulatorServer } from '@settle/cloudflare-sim';
import {
  loadConfigFile,
  type Batch,
  type Consumer,
  type ProcessorDefinition,
  type ReceiverDefinition,
} from '@settle/core';
import { FakeClock, RecordingHost, SinkConsumer, createTestContext } from '@settle/core/testing';
import { onTestFinished, describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../src/registry.js';

// examples/cardinality.yaml on the simulator: the receiver, filter, aggregate and converge it configures, on
// one fake clock, against the same receiver alone. Series before vs after, and every kept total against the
// simulator's truth summed over hosts. The figures printed here are those quoted in the example's comment.

const example = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'cardinality.yaml');
const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60_000;
const RUN_MS = 20 * MINUTE;
const TOKEN = 'sim-token';

interface Idle {
  whenIdle(): Promise<void>;
}

function series(batches: readonly Batch[]): Set<string> {
  const out = new Set<string>();
  for (const b of batches)
    for (const m of b.metrics) for (const p of m.points) out.add(`${m.descriptor.name}${JSON.stringify(p.attributes)}`);
  return out;
}

describe('examples/cardinality.yaml on the simulator', () => {
  it('cuts the series count by an order of magnitude and keeps exact totals', async () => {
    const clock = new FakeClock(START);
    const server = await startSimulatorServer({ zones: 4, seed: 11, tokens: [TOKEN], clock, samplingNoise: 0 });
    onTestFinished(() => server.close());
    const excluded = server.simulator.zones[3]!;
    const env = {
      CLOUDFLARE_API_TOKEN: TOKEN,
      CLOUDFLARE_ACCOUNT_ID: server.simulator.accountTag,
      CLOUDFLARE_GRAPHQL_ENDPOINT: server.graphqlUrl,
      SETTLE_EXCLUDED_ZONE: excluded.name,
    };
    const registry = await createBuiltinRegistry(() => undefined);
    const config = await loadConfigFile(example, { registry, env });
    const pipeline = config.pipelines[0]!;
    const receiverConfig = config.receivers.get('cloudflare')!;
    const receiverDef = receiverConfig.definition as ReceiverDefinition;
    const ctx = (kind: 'receiver' | 'processor', id: string) => createTestContext({ kind, id, clock });

    // After: receiver → filter/zone → aggregate/hosts → converge → sink, built from the example as written.
    const after = new SinkConsumer();
    let next: Consumer = after;
    const processors = [];
    for (const id of [...pipeline.processors].reverse()) {
      const p = config.processors.get(id)!;
      const processor = await (p.definition as ProcessorDefinition).create(ctx('processor', id), p.config, next);
      processors.unshift(processor);
      next = processor;
    }
    const receiver = await receiverDef.create(ctx('receiver', 'cloudflare'), receiverConfig.config, next);
    // Before: the same receiver, nothing after it.
    const before = new SinkConsumer();
    const plain = await receiverDef.create(ctx('receiver', 'cloudflare/plain'), receiverConfig.config, before);

    for (const p of processors) await p.start(new RecordingHost());
    await receiver.start(new RecordingHost());
    await plain.start(new RecordingHost());
    const idle = async (): Promise<void> => {
      await (receiver as unknown as Idle).whenIdle();
      await (plain as unknown as Idle).whenIdle();
    };
    await idle();
    for (let t = 0; t < RUN_MS; t += 5_000) {
      await clock.advance(5_000);
      await idle();
    }
    await plain.shutdown();
    await receiver.shutdown();
    for (const p of processors) await p.shutdown(); // converge flushes what is still open

    const seriesBefore = series(before.batches).size;
    const seriesAfter = series(after.batches).size;
    console.log(
      `cardinality.yaml on the simulator: series before ${seriesBefore}, after ${seriesAfter} (${(seriesBefore / seriesAfter).toFixed(1)}× fewer)`,
    );
    expect(seriesAfter * 10).toBeLessThanOrEqual(seriesBefore);

    const points = after.points();
    expect(points.some((p) => p.attributes['zone'] === excluded.name)).toBe(false);
    for (const label of ['host', 'colocation', 'country'])
      expect(points.some((p) => label in p.attributes)).toBe(false);
    // Everything else goes through: every http_requests metric is still there.
    const names = new Set(points.map((p) => p.name));
    expect(names).toContain('cloudflare_zone_requests_country');
    expect(names).toContain('cloudflare_zone_colocation_requests_total');

    // Each kept total (zone, minute) equals the truth summed over hosts and colocations, once the minute settled
    // while the receiver still polled it (it polls [now − 10m, now]).
    const end = START + RUN_MS;
    let compared = 0;
    for (const p of points) {
      if (p.name !== 'cloudflare_zone_colocation_requests_total' || p.startMs === undefined) continue;
      const zone = server.simulator.zones.find((z) => z.name === p.attributes['zone'])!;
      const lastPoll = Math.min(end, p.startMs + 10 * MINUTE);
      if (server.simulator.settledAt(zone.tag, p.startMs) > lastPoll - MINUTE) continue;
      const truth = server.simulator
        .truth(zone.tag, 'httpRequestsAdaptiveGroups', p.startMs, ['coloCode', 'clientRequestHTTPHost'])
        .reduce((sum, t) => sum + (t.values['count'] ?? 0), 0);
      expect(p.value, `${zone.name} ${new Date(p.startMs).toISOString()}`).toBe(truth);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  }, 180_000);
});
