import type { ServiceOptions } from '@settle/core';

type MeterProvider = NonNullable<ServiceOptions['meterProvider']>;
type Attrs = Readonly<Record<string, unknown>>;
type ObserveFn = (result: { observe(value: number, attributes?: Attrs): void }) => void | Promise<void>;
type BatchObserveFn = (result: {
  observe(observable: object, value: number, attributes?: Attrs): void;
}) => void | Promise<void>;

/** One recorded or observed value with its attributes. */
export interface Observation {
  readonly attributes: Attrs;
  readonly value: number;
}

interface Series {
  readonly attributes: Attrs;
  value: number;
}

/**
 * A minimal in-memory MeterProvider handed to the service (ServiceOptions.meterProvider), so the demo reads the
 * components' own telemetry (queries, open windows, revisions, points sent) without an HTTP scrape. Counters
 * and up-down counters sum, histograms count, gauges keep the last value; observable instruments are read
 * when asked. Only what the demo needs: no views, no export.
 */
export class RecordingMeter {
  private readonly sums = new Map<string, Map<string, Series>>();
  private readonly observers = new Map<string, ObserveFn[]>();
  /** Callbacks that observe several instruments at once (e.g. converge's self-measurement by source). */
  private batchObservers: BatchObserveFn[] = [];
  /** The name of each observable instrument handed out, for batch callbacks that observe by instrument. */
  private readonly names = new WeakMap<object, string>();

  readonly provider: MeterProvider;

  constructor() {
    const add =
      (name: string) =>
      (value: number, attributes: Attrs = {}): void =>
        this.add(name, value, attributes, false);
    const set =
      (name: string) =>
      (value: number, attributes: Attrs = {}): void =>
        this.add(name, value, attributes, true);
    const observable = (name: string) => {
      const instrument = {
        addCallback: (cb: ObserveFn) => this.observers.set(name, [...(this.observers.get(name) ?? []), cb]),
        removeCallback: (cb: ObserveFn) =>
          this.observers.set(
            name,
            (this.observers.get(name) ?? []).filter((x) => x !== cb),
          ),
      };
      this.names.set(instrument, name);
      return instrument;
    };
    const meter = {
      createCounter: (name: string) => ({ add: add(name) }),
      createUpDownCounter: (name: string) => ({ add: add(name) }),
      createHistogram: (name: string) => ({ record: (_v: number, a: Attrs = {}) => this.add(name, 1, a, false) }),
      createGauge: (name: string) => ({ record: set(name) }),
      createObservableGauge: observable,
      createObservableCounter: observable,
      createObservableUpDownCounter: observable,
      addBatchObservableCallback: (cb: BatchObserveFn) => void this.batchObservers.push(cb),
      removeBatchObservableCallback: (cb: BatchObserveFn) =>
        void (this.batchObservers = this.batchObservers.filter((x) => x !== cb)),
    };
    this.provider = { getMeter: () => meter };
  }

  /** Sum over the series of `name` whose attributes include `match` (observables are read now). */
  value(name: string, match: Attrs = {}): number {
    const matches = (a: Attrs): boolean => Object.entries(match).every(([k, v]) => a[k] === v);
    return this.observations(name).reduce((total, o) => (matches(o.attributes) ? total + o.value : total), 0);
  }

  /** Every series of `name`: recorded ones as they stand, observable ones read now. */
  observations(name: string): Observation[] {
    const out: Observation[] = [...(this.sums.get(name)?.values() ?? [])].map((s) => ({ ...s }));
    for (const cb of this.observers.get(name) ?? []) {
      void cb({ observe: (value, attributes = {}) => void out.push({ attributes, value }) });
    }
    for (const cb of this.batchObservers) {
      void cb({
        observe: (o, value, attributes = {}) =>
          void (this.names.get(o) === name ? out.push({ attributes, value }) : undefined),
      });
    }
    return out;
  }

  /** Whether any component registered or recorded `name`. */
  has(name: string): boolean {
    return this.sums.has(name) || (this.observers.get(name)?.length ?? 0) > 0;
  }

  private add(name: string, value: number, attributes: Attrs, replace: boolean): void {
    let series = this.sums.get(name);
    if (series === undefined) {
      series = new Map();
      this.sums.set(name, series);
    }
    const key = JSON.stringify(Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b)));
    const s = series.get(key);
    if (s === undefined) series.set(key, { attributes, value });
    else s.value = replace ? value : s.value + value;
  }
}
