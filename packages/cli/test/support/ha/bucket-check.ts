import type { VictoriaMetricsProcess } from '@settle/exporter-vm/testing';
import { finalValues } from '../../../src/demo/final-values.js';
import { pointKey } from '../../../src/demo/output-tail.js';

/** What VictoriaMetrics holds for the buckets of [from, to), against the simulator's final values. */
export interface BucketReport {
  /** Buckets the simulator has in the window (zones × minutes). */
  readonly expected: number;
  readonly present: number;
  /** Keys of buckets missing, stored more than once after dedup, or stored with another value. */
  readonly missing: readonly string[];
  readonly duplicated: readonly string[];
  readonly wrong: readonly string[];
  /** Every sample of the metric in the window, any series: more than `expected` means extra series or points. */
  readonly samples: number;
}

export interface BucketCheckOptions {
  /** The simulator's zone count and seed (its default, 1): the truth is read from a twin with the same. */
  readonly zones: number;
  readonly seed?: number;
  readonly metric: string;
  readonly from: number;
  readonly to: number;
}

/** Reads the metric back from VictoriaMetrics (after dedup) and compares every bucket with its final value. */
export async function checkBuckets(vm: VictoriaMetricsProcess, o: BucketCheckOptions): Promise<BucketReport> {
  const truth = await finalValues(o.seed ?? 1, o.zones, 'default', ['http_requests'], o.from, o.to);
  const exported = await vm.export(`{__name__="${o.metric}"}`);
  const seen = new Map<string, number[]>();
  let samples = 0;
  for (const s of exported) {
    const { __name__: name, ...labels } = s.metric;
    for (const [i, t] of s.timestamps.entries()) {
      if (t >= o.from && t < o.to) samples++;
      const key = pointKey(name ?? '', labels, t);
      seen.set(key, [...(seen.get(key) ?? []), s.values[i] ?? Number.NaN]);
    }
  }
  const expected = [...truth].filter(([k]) => k.startsWith(`${o.metric}{`));
  const missing = expected.filter(([k]) => !seen.has(k)).map(([k]) => k);
  return {
    expected: expected.length,
    present: expected.length - missing.length,
    missing,
    duplicated: expected.filter(([k]) => (seen.get(k)?.length ?? 0) > 1).map(([k]) => k),
    wrong: expected
      .filter(([k, v]) => seen.has(k) && seen.get(k)?.[0] !== v)
      .map(([k, v]) => `${k}: ${v} ≠ ${String(seen.get(k))}`),
    samples,
  };
}

/** The report's figures on one line, for the test log. */
export function describeBuckets(r: BucketReport): string {
  return (
    `buckets expected ${r.expected}, present ${r.present}, duplicated after dedup ${r.duplicated.length}, ` +
    `wrong value ${r.wrong.length}`
  );
}
