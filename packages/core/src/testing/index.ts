// Test kit for settle components (ours and third-party plugins).
export { FakeClock } from './fake-clock.js';
export { SinkConsumer } from './sink.js';
export type { SinkPoint } from './sink.js';
export { RecordingHost, createTestContext } from './context.js';
export type { TestContextOptions } from './context.js';
