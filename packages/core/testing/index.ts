// @settle/core/testing: test kit for settle components (ours and third-party plugins). `runConformance` needs vitest (a peer dep).
export { batchOf } from './batch-of.js';
export { FakeClock } from './fake-clock.js';
export { SinkConsumer } from './sink.js';
export type { SinkPoint } from './sink.js';
export { RecordingHost, createTestContext } from './context.js';
export type { TestContextOptions } from './context.js';
export { runConformance } from './conformance.js';
export type { ConformanceOptions } from './conformance.js';
export { createMetricsRecorder } from './metrics-recorder.js';
export type { MetricsRecorder } from './metrics-recorder.js';
