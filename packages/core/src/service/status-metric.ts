import type { Meter } from '@opentelemetry/api';
import type { ComponentStatus } from '../component/types.js';
import type { StatusTracker } from './status-tracker.js';

const STATUSES: readonly ComponentStatus[] = [
  'starting',
  'ok',
  'recoverable_error',
  'permanent_error',
  'fatal_error',
  'stopping',
  'stopped',
];

/**
 * `settle_component_status{kind, component, pipeline?, status}`: 1 for the status each component is in now, 0
 * for the others (every status is observed each time: the SDK keeps reporting a series once seen),
 * so an alert can fire on `permanent_error` / `fatal_error` (the message itself is on `/healthz` and in the log).
 */
export function observeComponentStatus(meter: Meter, tracker: StatusTracker): void {
  const gauge = meter.createObservableGauge('settle_component_status', {
    description:
      '1 for the status a component is in, 0 for the others (starting, ok, recoverable_error, permanent_error, fatal_error, stopping, stopped)',
  });
  gauge.addCallback((r) => {
    for (const c of tracker.health().components) {
      const base = { kind: c.kind, component: c.id, ...(c.pipeline === undefined ? {} : { pipeline: c.pipeline }) };
      for (const status of STATUSES) r.observe(status === c.status ? 1 : 0, { ...base, status });
    }
  });
}
