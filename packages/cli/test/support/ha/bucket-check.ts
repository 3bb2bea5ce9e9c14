import type { VictoriaMetricsProcess } from '@settle/exporter-vm/testing';
import { finalValues } from '../../../src/demo/final-values.js';
import { pointKey } from '../../../src/demo/output-tail.js';
import type { RecordingProxy } from '../recording-proxy.js';
import { lastPushed } from './last-words.js';

const MIN = 60_000;

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
  /**
   * Buckets whose last push by some member (its recording proxy's) was not the final value: VictoriaMetrics'
   * dedup keeping the largest could hide a replica's stale push of a smaller count; this cannot.
   */
  readonly staleLastWord: readonly string[];
  /** Buckets pushed by `replication` members or more. */
  readonly pushedByOwners: number;
}

export interface BucketCheckOptions {
  /** The simulator's zone count and seed (its default, 1): the truth is read from a twin with the same. */
  readonly zones: number;
  readonly seed?: number;
  readonly metric: string;
  readonly from: number;
  readonly to: number;
  /** Members pushed through these (one per member), for the last-word check. */
  readonly proxies: readonly RecordingProxy[];
  readonly replication: number;
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
  const minute = (k: string): number => (Number(k.split('@').pop()) - o.from) / MIN;
  const lastWords = o.proxies.map((p) => lastPushed(p));
  return {
    expected: expected.length,
    present: expected.length - missing.length,
    missing,
    duplicated: expected.filter(([k]) => (seen.get(k)?.length ?? 0) > 1).map(([k]) => k),
    wrong: expected
      .filter(([k, v]) => seen.has(k) && seen.get(k)?.[0] !== v)
      .map(([k, v]) => `${k} (minute ${minute(k)}): ${v} ≠ ${String(seen.get(k))}`),
    samples,
    staleLastWord: lastWords.flatMap((words, m) =>
      expected
        .filter(([k, v]) => words.has(k) && words.get(k) !== v)
        .map(([k, v]) => `member ${m} ${k} (minute ${minute(k)}): ${v} ≠ ${words.get(k)}`),
    ),
    pushedByOwners: expected.filter(([k]) => lastWords.filter((w) => w.has(k)).length >= o.replication).length,
  };
}

/** The report's figures on one line, for the test log. */
export function describeBuckets(r: BucketReport): string {
  return (
    `pushed by both owners ${r.pushedByOwners} of ${r.expected}, a replica's last push not final ` +
    `${r.staleLastWord.length}; after dedup: buckets expected ${r.expected}, present ${r.present}, ` +
    `duplicated after dedup ${r.duplicated.length}, wrong value ${r.wrong.length}`
  );
}
