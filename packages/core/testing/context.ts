import { metrics } from '@opentelemetry/api';
import type { Clock } from '../src/clock/clock.js';
import type { ComponentContext, ComponentKind, Host, StatusEvent } from '../src/component/types.js';
import { silentLogger } from '../src/logging/logger.js';
import { MemoryStorage } from '../src/storage/memory-storage.js';
import type { Storage } from '../src/storage/storage.js';
import { FakeClock } from './fake-clock.js';

export interface TestContextOptions {
  readonly id?: string;
  readonly kind?: ComponentKind;
  readonly clock?: Clock;
  readonly storage?: Storage;
  readonly signal?: AbortSignal;
  readonly meter?: ComponentContext['meter'];
  readonly logger?: ComponentContext['logger'];
}

/** A component context for tests: fake clock, memory storage, silent logger, no-op meter unless given. */
export function createTestContext(options: TestContextOptions = {}): ComponentContext & { clock: Clock } {
  return {
    id: options.id ?? 'test',
    kind: options.kind ?? 'processor',
    logger: options.logger ?? silentLogger(),
    meter: options.meter ?? metrics.getMeterProvider().getMeter('settle-test'),
    clock: options.clock ?? new FakeClock(),
    storage: options.storage ?? new MemoryStorage(),
    signal: options.signal ?? new AbortController().signal,
  };
}

/** A host that records every status report. */
export class RecordingHost implements Host {
  readonly events: StatusEvent[] = [];
  reportStatus(event: StatusEvent): void {
    this.events.push(event);
  }
}
