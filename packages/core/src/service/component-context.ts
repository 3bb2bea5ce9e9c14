import { join, resolve } from 'node:path';
import type { Meter } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';
import type { ClusterMembership } from '../cluster/rendezvous.js';
import type { ComponentContext, ComponentKind } from '../component/types.js';
import { FileStorage } from '../storage/file-storage.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import type { Storage } from '../storage/storage.js';

export interface ContextDeps {
  readonly logger: Logger;
  readonly meter: Meter;
  readonly clock: Clock;
  readonly dataDir: string | undefined;
  readonly cluster?: ClusterMembership | undefined;
}

/** A path segment from a component or pipeline id: `cloudflare/eu` → `cloudflare-eu` (types never contain `-`). */
export function safeSegment(id: string): string {
  return id.replace(/[/\\]/g, '-');
}

/**
 * Where a component's checkpoints live: `<data_dir>/<kind>/<id>`; processors, which exist once per pipeline,
 * get `<data_dir>/processor/<pipeline>/<id>` so two instances of one processor never share state.
 */
export function storageDirectory(dataDir: string, kind: ComponentKind, id: string, pipeline?: string): string {
  const base = join(resolve(dataDir), kind);
  return pipeline === undefined ? join(base, safeSegment(id)) : join(base, safeSegment(pipeline), safeSegment(id));
}

export function createComponentContext(
  deps: ContextDeps,
  kind: ComponentKind,
  id: string,
  pipeline: string | undefined,
  signal: AbortSignal,
): ComponentContext {
  const storage: Storage =
    deps.dataDir === undefined
      ? new MemoryStorage()
      : new FileStorage(storageDirectory(deps.dataDir, kind, id, pipeline));
  return {
    id,
    kind,
    logger: deps.logger.child(pipeline === undefined ? { kind, component: id } : { kind, component: id, pipeline }),
    meter: deps.meter,
    clock: deps.clock,
    storage,
    signal,
    ...(deps.cluster === undefined ? {} : { cluster: deps.cluster }),
  };
}
