import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createSimulator, startSimulatorServer, type SettlingModelName } from '@settle/cloudflare-sim';
import type { Attributes } from '@settle/core';
import { seriesIdentity } from './point-id.js';
import { PointIds } from './push-log.js';
import { readReference } from './reference.js';

export interface SoakScore {
  /** Points the simulator's final values have in the scored minutes. */
  readonly expected: number;
  /** Of those, points the output file has at least one line for. */
  readonly delivered: number;
  readonly lost: number;
  /** Delivered points whose last written value (after revisions) is not the final one. */
  readonly wrong: number;
  /** Points in the scored minutes the final values do not have (a wrong series or timestamp). */
  readonly unexpected: number;
  /** Delivered points whose first written value was already the final one. */
  readonly exactFirst: number;
  readonly revised: number;
  readonly truthChecked: number;
  readonly truthMatched: number;
  readonly examples: readonly string[];
}

export interface ScoreWindow {
  readonly seed: number;
  readonly zones: number;
  readonly settling: SettlingModelName;
  readonly datasets: readonly string[];
  /** The scored minutes: [fromMs, toMs). */
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * Scores the file exporter's output against the final values: a twin of the soak's simulator (same seed, so
 * the same traffic, and no faults) whose clock stands an hour after the window, read through the receiver's
 * own query and mapping and cross-checked against `simulator.truth()` (reference.ts).
 */
export async function scoreOutput(file: string, w: ScoreWindow): Promise<SoakScore> {
  const token = 'soak-truth';
  const at = w.toMs + 3_600_000;
  const simulator = createSimulator({
    seed: w.seed,
    zones: w.zones,
    settling: w.settling,
    tokens: [token],
    clock: { now: () => at },
  });
  const server = await startSimulatorServer({ simulator });
  const ids = new PointIds();
  let reference;
  try {
    const zones = simulator.zones.map((z) => ({ tag: z.tag, name: z.name }));
    reference = await readReference(
      { graphqlUrl: server.graphqlUrl, token },
      simulator,
      ids,
      w.datasets,
      zones,
      w.fromMs,
      w.toMs,
    );
  } finally {
    await server.close();
  }

  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const examples: string[] = [];
  let unexpected = 0;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const p = JSON.parse(line) as {
      name: string;
      attributes: Attributes;
      startMs?: number;
      timeMs: number;
      value: number;
    };
    const start = p.startMs ?? p.timeMs;
    if (start < w.fromMs || start >= w.toMs) continue;
    const id = ids.find(seriesIdentity(p.name, p.attributes), start);
    if (id === undefined || !reference.values.has(id)) {
      if (unexpected++ < 3) examples.push(`unexpected: ${line}`);
      continue;
    }
    if (!first.has(id)) first.set(id, p.value);
    last.set(id, p.value);
  }

  let lost = 0;
  let wrong = 0;
  let exactFirst = 0;
  let revised = 0;
  for (const [id, final] of reference.values) {
    const value = last.get(id);
    const name = `${ids.series[id]}@${new Date(ids.bucketStartMs[id]!).toISOString()}`;
    if (value === undefined) {
      if (lost++ < 3) examples.push(`lost: ${name} (final ${final})`);
      continue;
    }
    if (value !== final && wrong++ < 3) examples.push(`wrong: ${name} = ${value}, final ${final}`);
    if (first.get(id) === final) exactFirst++;
    if (first.get(id) !== value) revised++;
  }
  return {
    expected: reference.values.size,
    delivered: reference.values.size - lost,
    lost,
    wrong,
    unexpected,
    exactFirst,
    revised,
    truthChecked: reference.truthChecked,
    truthMatched: reference.truthMatched,
    examples,
  };
}
