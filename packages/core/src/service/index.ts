// Service runtime: the running pipelines, lifecycle, self-telemetry.
export { Service } from './service.js';
export type { ServiceExit, ServiceOptions, ServiceState } from './service.js';
export type { ComponentStatusEntry, HealthReport } from './status-tracker.js';
export type { ListenAddress } from './listen-address.js';
export { parseListenAddress } from './listen-address.js';
export { fanoutConsumer } from './fanout-consumer.js';
export { storageDirectory } from './component-context.js';
