import type { Meter } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';
import type { ClusterMembership } from '../cluster/rendezvous.js';
import type { Batch } from '../model/types.js';
import type { Storage } from '../storage/storage.js';

export type ComponentKind = 'receiver' | 'processor' | 'exporter';

/** As in the OpenTelemetry Collector: how far a component can be relied upon. */
export type Stability = 'development' | 'alpha' | 'beta' | 'stable' | 'deprecated';

/** Health of a running component, reported through the host and shown on `/healthz`. */
export type ComponentStatus =
  'starting' | 'ok' | 'recoverable_error' | 'permanent_error' | 'fatal_error' | 'stopping' | 'stopped';

export interface StatusEvent {
  readonly status: ComponentStatus;
  readonly message?: string;
  readonly error?: unknown;
}

/** What the service gives a component when it starts. */
export interface Host {
  /**
   * Reports a status change. `fatal_error` asks the service to shut everything down and exit non-zero
   * (e.g. a receiver whose credentials were refused at start).
   */
  reportStatus(event: StatusEvent): void;
}

/**
 * Lifecycle shared by every component. `start` returns quickly (long work runs in the background);
 * `shutdown` is idempotent, safe without `start`, and drains: processors flush, exporters deliver or persist.
 */
export interface Component {
  start(host: Host): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Receives batches. Awaiting `consume` is the backpressure. A rejection carries an error that says whether it
 * is worth retrying (see SettleError.retryable).
 */
export interface Consumer {
  consume(batch: Batch): Promise<void>;
}

export type Receiver = Component;
export type Processor = Component & Consumer;
export type Exporter = Component & Consumer;

/** Everything a component may use from the outside world; injected so tests can replace any of it. */
export interface ComponentContext {
  /** The component id from the config: `type` or `type/name`. */
  readonly id: string;
  readonly kind: ComponentKind;
  /** A child logger carrying the component's kind and id. */
  readonly logger: Logger;
  /** For self-telemetry; instruments are prefixed `settle_`. */
  readonly meter: Meter;
  readonly clock: Clock;
  /** Checkpoint store scoped to this component. */
  readonly storage: Storage;
  /** Aborted when the service shuts down; long waits should listen to it. */
  readonly signal: AbortSignal;
  /** `service.cluster`: which share of the work is this instance's (see `ownsKey`); absent = all of it. */
  readonly cluster?: ClusterMembership;
}
