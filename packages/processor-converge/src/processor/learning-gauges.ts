import type {
  Attributes as OtelAttributes,
  BatchObservableCallback,
  Meter,
  Observable,
  ObservableGauge,
} from '@opentelemetry/api';
import type { ConvergeEngine } from '../engine/engine.js';
import type { Quantiles, SourceMeasurement } from '../engine/measurements.js';

type Read = (m: SourceMeasurement) => number | undefined;

/** Gauges by source, read from the engine's self-measurement once per collection. */
const BY_SOURCE: readonly (readonly [string, string, Read])[] = [
  [
    'settle_converge_first_push_exactness',
    "Measured share of sampled points whose first push was their final value (the engine's value rule)",
    (m) => m.firstPushExactness,
  ],
  ['settle_converge_revision_rate', 'Measured share of sampled points pushed more than once', (m) => m.revisionRate],
  [
    'settle_converge_sampled_histories',
    'Histories in the sample the measurements and the rule come from',
    (m) => m.histories,
  ],
  ['settle_converge_rule_threshold', 'Applied push rule: observations of one value', (m) => m.rule.threshold],
  [
    'settle_converge_rule_stable_for_seconds',
    'Applied push rule: how long a value must hold',
    (m) => m.rule.stableForMs / 1000,
  ],
  [
    'settle_converge_rule_min_age_seconds',
    "Applied push rule: age after the bucket's end before a push",
    (m) => m.rule.minAgeMs / 1000,
  ],
  [
    'settle_converge_rule_exactness_lower_bound',
    'Applied learned rule: 95 % lower bound of its counterfactual first-push exactness (absent before it is learned)',
    (m) => m.evidence?.lowerBound,
  ],
  [
    'settle_converge_rule_mean_delay_seconds',
    "Applied learned rule: counterfactual mean delay from a bucket's end to its first push",
    (m) => (m.evidence === undefined ? undefined : m.evidence.meanDelayMs / 1000),
  ],
];

/** Quantile gauges (attribute `quantile`: 0.5, 0.9, 0.99, 1) by source. */
const QUANTILES: readonly (readonly [string, string, (m: SourceMeasurement) => Quantiles])[] = [
  [
    'settle_converge_last_change_seconds',
    "Measured age after the bucket's end at which sampled points reached their final value",
    (m) => m.lastChangeMs,
  ],
  [
    'settle_converge_first_push_delay_seconds',
    "Measured delay from the bucket's end to the first push of sampled points",
    (m) => m.firstPushDelayMs,
  ],
];

/** The self-measurement gauges (`source` attribute), observed in one batch from one `engine.measurements()`. */
export class LearningGauges {
  private readonly observables: Observable[];
  private readonly callback: BatchObservableCallback;

  constructor(
    private readonly meter: Meter,
    engine: ConvergeEngine,
    attrs: OtelAttributes,
  ) {
    const gauge = (name: string, description: string): ObservableGauge =>
      meter.createObservableGauge(name, { description });
    const bySource = BY_SOURCE.map(([name, description, read]) => [gauge(name, description), read] as const);
    const quantiles = QUANTILES.map(([name, description, read]) => [gauge(name, description), read] as const);
    this.observables = [...bySource, ...quantiles].map(([g]) => g);
    this.callback = (r) => {
      for (const m of engine.measurements()) {
        const a = { ...attrs, source: m.source };
        for (const [g, read] of bySource) {
          const v = read(m);
          if (v !== undefined && Number.isFinite(v)) r.observe(g, v, a);
        }
        for (const [g, read] of quantiles) {
          const q = read(m);
          for (const [quantile, v] of [
            ['0.5', q.p50],
            ['0.9', q.p90],
            ['0.99', q.p99],
            ['1', q.max],
          ] as const) {
            if (Number.isFinite(v)) r.observe(g, v / 1000, { ...a, quantile });
          }
        }
      }
    };
    meter.addBatchObservableCallback(this.callback, this.observables);
  }

  close(): void {
    this.meter.removeBatchObservableCallback(this.callback, this.observables);
  }
}
