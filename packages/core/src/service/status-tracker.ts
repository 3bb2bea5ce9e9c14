import type { ComponentKind, ComponentStatus, StatusEvent } from '../component/types.js';

export interface ComponentStatusEntry {
  /** The graph node key, unique per instance (processors exist once per pipeline). */
  readonly key: string;
  readonly kind: ComponentKind | 'connector';
  readonly id: string;
  readonly pipeline?: string;
  readonly status: ComponentStatus;
  readonly message?: string;
  /** Clock time of the last change, epoch ms. */
  readonly sinceMs: number;
}

export interface HealthReport {
  readonly healthy: boolean;
  readonly components: readonly ComponentStatusEntry[];
}

const HEALTHY: ReadonlySet<ComponentStatus> = new Set<ComponentStatus>(['starting', 'ok']);

/** The latest status of each component instance; the source of `/healthz`. */
export class StatusTracker {
  private readonly entries = new Map<string, ComponentStatusEntry>();

  constructor(private readonly now: () => number) {}

  register(key: string, kind: ComponentStatusEntry['kind'], id: string, pipeline: string | undefined): void {
    this.entries.set(key, {
      key,
      kind,
      id,
      ...(pipeline === undefined ? {} : { pipeline }),
      status: 'starting',
      sinceMs: this.now(),
    });
  }

  report(key: string, event: StatusEvent): void {
    const prev = this.entries.get(key);
    if (prev === undefined) return;
    const { message: _old, ...rest } = prev;
    this.entries.set(key, {
      ...rest,
      status: event.status,
      ...(event.message === undefined ? {} : { message: event.message }),
      sinceMs: this.now(),
    });
  }

  get(key: string): ComponentStatusEntry | undefined {
    return this.entries.get(key);
  }

  health(): HealthReport {
    const components = [...this.entries.values()];
    return { healthy: components.every((c) => HEALTHY.has(c.status)), components };
  }
}
