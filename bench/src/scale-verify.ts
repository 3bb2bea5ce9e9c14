import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DATASETS } from '@settle/receiver-cloudflare';
import type { ScaleRun } from './scale-run.js';
import { scoreOutput, type SoakScore } from './soak-score.js';

/**
 * What reached VictoriaMetrics in [fromMs, toMs), scored against the simulator's final values (soak-score's
 * reference: a twin simulator read through the receiver's own query and mapping, cross-checked with
 * `simulator.truth()`). VictoriaMetrics keeps one sample per timestamp, so first and last value are the same.
 */
export async function verifyInVm(
  run: ScaleRun,
  seed: number,
  zones: number,
  fromMs: number,
  toMs: number,
): Promise<SoakScore> {
  const series = await run.vm.export('{__name__=~"cloudflare_.+"}');
  const lines: string[] = [];
  for (const s of series) {
    const { __name__: name, ...attributes } = s.metric;
    for (const [i, t] of s.timestamps.entries())
      lines.push(JSON.stringify({ name, attributes, startMs: t, timeMs: t, value: s.values[i] }));
  }
  const dir = await mkdtemp(join(tmpdir(), 'settle-scale-verify-'));
  try {
    const file = join(dir, 'points.jsonl');
    await writeFile(file, lines.join('\n'));
    return await scoreOutput(file, { seed, zones, settling: 'default', datasets: DEFAULT_DATASETS, fromMs, toMs });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
