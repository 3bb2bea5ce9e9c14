import type { DatasetSpec, LabelSource } from '../datasets/types.js';

export type Path = readonly string[];

/** A spec with its dotted paths split once, since rows are read thousands of times per reply. */
export interface Plan {
  readonly dimensions: readonly { readonly source: LabelSource; readonly path: Path }[];
  readonly metrics: readonly PlannedMetric[];
}

export interface PlannedMetric {
  readonly name: string;
  readonly value: Path;
  /** The value's field as a warning names it. */
  readonly field: string;
  readonly map: Path | undefined;
  /** Metrics reading the same map with the same labels share an index: a row's entries are labelled once. */
  readonly mapGroup: number;
  readonly mapLabels: readonly { readonly source: LabelSource; readonly path: Path }[];
  /** Fixed labels, and their part of the slot key. */
  readonly constLabels: Readonly<Record<string, string>>;
  readonly constKey: string;
  /** Dataset labels this metric leaves out. */
  readonly dropped: ReadonlySet<string>;
  readonly max: boolean;
  /** Values are measurements (fractions allowed), not counts. */
  readonly real: boolean;
}

const plans = new WeakMap<DatasetSpec, Plan>();

export function planOf(spec: DatasetSpec): Plan {
  let plan = plans.get(spec);
  if (plan === undefined) {
    // Derive functions compare by identity: equal keys mean the same map, labels and derivations.
    const fns: unknown[] = [];
    const fnId = (d: unknown): number => (fns.includes(d) ? fns.indexOf(d) : fns.push(d) - 1);
    const groups = new Map<string, number>();
    const groupOf = (m: DatasetSpec['metrics'][number]): number => {
      if (m.map === undefined) return -1;
      const labels = (m.mapLabels ?? []).map((l) => [l.label, l.field, l.derive === undefined ? -1 : fnId(l.derive)]);
      const key = JSON.stringify([m.map, labels]);
      const g = groups.get(key) ?? groups.size;
      groups.set(key, g);
      return g;
    };
    plan = {
      dimensions: spec.dimensions.map((source) => ({ source, path: ['dimensions', source.field] })),
      metrics: spec.metrics.map((m) => ({
        name: m.name,
        value: m.value.split('.'),
        field: m.map === undefined ? m.value : `${m.map}[].${m.value}`,
        map: m.map?.split('.'),
        mapGroup: groupOf(m),
        mapLabels: (m.mapLabels ?? []).map((source) => ({ source, path: [source.field] })),
        constLabels: m.constLabels ?? {},
        constKey: Object.values(m.constLabels ?? {}).join(SEP),
        dropped: new Set(m.dropLabels ?? []),
        max: (m.merge ?? (m.kind === 'gauge' ? 'max' : 'sum')) === 'max',
        real: (m.values ?? (m.kind === 'gauge' ? 'real' : 'count')) === 'real',
      })),
    };
    plans.set(spec, plan);
  }
  return plan;
}

// Label values are joined into slot keys with a separator no Cloudflare value contains; the label names are
// fixed per metric, so equal keys mean equal label sets.
export const SEP = '\u0000';
