import { join } from 'node:path';
import type { ComponentContext } from '../component/types.js';
import { SettleError } from '../errors/settle-error.js';
import type { QueueConfig } from './config.js';
import { PersistentStore } from './persistent/persistent-store.js';
import { MemoryStore, type QueueStore, type StoredBatch } from './queue-store.js';
import type { ExporterTelemetry } from './telemetry.js';

export interface OpenedStore {
  readonly store: QueueStore;
  readonly replayed: StoredBatch[];
}

/** The store the config asks for, opened, with whatever a previous run left behind. */
export async function openQueueStore(
  ctx: ComponentContext,
  config: QueueConfig,
  telemetry: ExporterTelemetry,
  segmentBytes?: number,
): Promise<OpenedStore> {
  if (!config.storage) {
    const store = new MemoryStore();
    return { store, replayed: await store.open() };
  }
  const base = ctx.storage.directory;
  if (base === undefined) {
    throw new SettleError(
      'config_invalid',
      `exporters.${ctx.id}.sending_queue.storage is true, but settle runs without a data directory: set service.data_dir, or set storage: false`,
      { retryable: false },
    );
  }
  const directory = join(base, 'sending-queue');
  const store = new PersistentStore({
    directory,
    fsync: config.fsync,
    logger: ctx.logger,
    onCorrupt: (n) => telemetry.recordCorrupt(n),
    ...(segmentBytes === undefined ? {} : { segmentBytes }),
  });
  try {
    return { store, replayed: await store.open() };
  } catch (err) {
    throw new SettleError(
      'queue_open_failed',
      `cannot open the sending queue of ${ctx.id} in ${directory}: ${(err as Error).message}`,
      { cause: err, retryable: false },
    );
  }
}
