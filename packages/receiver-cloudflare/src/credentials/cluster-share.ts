import { getJson, ownsKey, setJson, type Clock, type ClusterMembership, type Logger, type Storage } from '@settle/core';
import type { ZoneInfo } from '../query/rows-to-points.js';
import { nextShare, type ShareRecord } from './zone-handover.js';

export interface ClusterShareOptions {
  /** Every zone (or account) there is now. */
  readonly all: () => readonly ZoneInfo[];
  readonly cluster: ClusterMembership | undefined;
  readonly storage: Storage;
  readonly clock: Clock;
  /** The receiver's `lookback`: how long a zone given up is still polled. */
  readonly lookbackMs: number;
  readonly logger: Logger;
  /** What the list holds, for the storage key and the log lines. */
  readonly what: 'zones' | 'accounts';
  /** The share changed after start (a handover ended): the pacer re-plans. */
  readonly onChange?: () => void;
}

interface Stored extends ShareRecord {
  readonly version: 1;
}

/**
 * This instance's zones (or accounts): all of them, or under `service.cluster` those whose tag rendezvous-hashes
 * to this member, plus the ones it is handing over after a membership change (`nextShare`). What it owned is
 * kept in the receiver's storage, so the next start, with another membership, knows what it gave up.
 */
export class ClusterShare {
  private record: ShareRecord | undefined;
  private from: readonly ZoneInfo[] | undefined;
  private zones: readonly ZoneInfo[] = [];
  private handovers = 0;
  private before = new Map<string, number>();
  private nextEnd = Infinity;
  private dirty = false;

  constructor(private readonly o: ClusterShareOptions) {}

  /** Reads what the previous run recorded; an unreadable record means no handover. */
  async load(): Promise<void> {
    try {
      const stored = await getJson<Stored>(this.o.storage, this.key);
      if (stored?.version === 1 && Array.isArray(stored.owned) && typeof stored.handover === 'object') {
        this.record = stored;
      }
    } catch {
      this.record = undefined;
    }
  }

  /** The share: owned zones and those handed over, in the zone list's order. */
  current(): readonly ZoneInfo[] {
    const all = this.o.all();
    const now = this.o.clock.now();
    // An empty list is a zone list not known yet (before the first refresh): keep the record for it.
    if ((all !== this.from || now >= this.nextEnd) && all.length > 0) this.recompute(all, now);
    return this.zones;
  }

  /** Zones in the share only for a handover. */
  handoverCount(): number {
    this.current();
    return this.handovers;
  }

  /**
   * Per zone (or account) this member does not own, by the label its points carry (zone name; account name
   * for accounts): buckets that start before this are its to yield — when its handover began for one handed
   * over, none (−∞) for the others. Owned ones are absent (all admitted). See handoverFilter.
   */
  admittedBefore(): ReadonlyMap<string, number> {
    this.current();
    return this.before;
  }

  /** Records the share when it changed (at start, after the zone list is known, and at stop). */
  async save(): Promise<void> {
    this.current();
    if (!this.dirty || this.record === undefined) return;
    this.dirty = false;
    const stored: Stored = { version: 1, ...this.record };
    await setJson(this.o.storage, this.key, stored);
  }

  private get key(): string {
    return `cluster-${this.o.what}`;
  }

  private recompute(all: readonly ZoneInfo[], now: number): void {
    const first = this.from === undefined;
    const listChanged = all !== this.from;
    this.from = all;
    const { cluster, what, logger } = this.o;
    const owns = (tag: string): boolean => cluster === undefined || ownsKey(cluster, tag);
    const next = nextShare(
      this.record,
      all.map((z) => z.tag),
      owns,
      now,
      this.o.lookbackMs,
    );
    this.dirty ||= JSON.stringify(next.record) !== JSON.stringify(this.record);
    this.record = next.record;
    const handover = next.record.handover;
    this.zones = all.filter((z) => owns(z.tag) || handover[z.tag] !== undefined);
    this.handovers = this.zones.length - next.record.owned.length;
    // A reply in flight when a handover ends still reaches the filter: zones not owned yield nothing new.
    this.before = new Map();
    for (const z of all) {
      if (owns(z.tag)) continue;
      const until = handover[z.tag];
      const label = this.o.what === 'zones' ? z.name : (z.account ?? z.name);
      this.before.set(label, until === undefined ? -Infinity : until - this.o.lookbackMs);
    }
    this.nextEnd = Math.min(Infinity, ...Object.values(handover));
    if (listChanged && cluster !== undefined) {
      logger.info(
        { ...cluster, [`${what}_owned`]: next.record.owned.length, [what]: all.length },
        `cluster member: collecting its share of the ${what}`,
      );
    }
    if (next.started.length > 0) {
      logger.info(
        { [`${what}_handed_over`]: next.started.length, until: new Date(now + this.o.lookbackMs).toISOString() },
        `cluster membership changed: still collecting ${next.started.length} ${what} this member gave up until they leave the lookback (handover), then dropping them`,
      );
    }
    if (next.ended.length > 0 && !first) {
      logger.info(
        { [`${what}_dropped`]: next.ended.length },
        `handover over: no longer collecting ${next.ended.length} ${what}`,
      );
      if (this.o.onChange !== undefined) queueMicrotask(this.o.onChange);
    }
  }
}
