import type { Attributes as OtelAttributes, Counter, Meter } from '@opentelemetry/api';
import type { Consumer } from '../component/types.js';
import { countPoints } from '../model/batch.js';

/** The service's own per-component counters, named after the Collector's (`otelcol_receiver_accepted_...`). */
export interface PipelineMetrics {
  readonly receiverAccepted: Counter;
  readonly receiverRefused: Counter;
  readonly processorIncoming: Counter;
  readonly processorOutgoing: Counter;
}

export function createPipelineMetrics(meter: Meter): PipelineMetrics {
  const counter = (name: string, description: string): Counter => meter.createCounter(name, { description });
  return {
    receiverAccepted: counter('settle_receiver_accepted_points', 'Data points a receiver pushed into its pipelines'),
    receiverRefused: counter(
      'settle_receiver_refused_points',
      'Data points a receiver could not push (downstream refused)',
    ),
    processorIncoming: counter('settle_processor_incoming_points', 'Data points handed to a processor'),
    processorOutgoing: counter('settle_processor_outgoing_points', 'Data points a processor passed on'),
  };
}

/** Counts points accepted or refused by `next`, after it settled (what a receiver's output did). */
export function countOutcome(
  next: Consumer,
  accepted: Counter,
  refused: Counter,
  attributes: OtelAttributes,
): Consumer {
  return {
    async consume(batch) {
      const n = countPoints(batch);
      try {
        await next.consume(batch);
      } catch (err) {
        refused.add(n, attributes);
        throw err;
      }
      accepted.add(n, attributes);
    },
  };
}

/** Counts points as they pass, before `next` sees them (a processor's input or output). */
export function countPassing(next: Consumer, counter: Counter, attributes: OtelAttributes): Consumer {
  return {
    consume(batch) {
      counter.add(countPoints(batch), attributes);
      return next.consume(batch);
    },
  };
}
