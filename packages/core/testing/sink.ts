import type { Consumer } from '../src/component/types.js';
import type { Batch, DataPoint, MetricDescriptor } from '../src/model/types.js';

export interface SinkPoint extends DataPoint {
  readonly name: string;
  readonly descriptor: MetricDescriptor;
  readonly resource: Batch['resource'];
}

/** A consumer that remembers what it got; optionally fails, to exercise error paths. */
export class SinkConsumer implements Consumer {
  readonly batches: Batch[] = [];
  failWith: Error | undefined;

  consume(batch: Batch): Promise<void> {
    if (this.failWith !== undefined) return Promise.reject(this.failWith);
    this.batches.push(batch);
    return Promise.resolve();
  }

  /** Every point received, flattened with its metric name. */
  points(): SinkPoint[] {
    const out: SinkPoint[] = [];
    for (const b of this.batches)
      for (const m of b.metrics)
        for (const p of m.points)
          out.push({ ...p, name: m.descriptor.name, descriptor: m.descriptor, resource: b.resource });
    return out;
  }

  clear(): void {
    this.batches.length = 0;
  }
}
