// Polling-receiver helper: the author writes "collect once"; schedules, lifecycle, abort and telemetry are
// the helper's.
export { createPollingReceiver } from './create-polling-receiver.js';
export type { PollingReceiver } from './create-polling-receiver.js';
export type { CollectOutput, CollectTools, PollingLane, PollingReceiverSpec } from './types.js';
