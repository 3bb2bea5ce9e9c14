import { scaleCell, type Cell } from './cell.js';
import { generateMinute, type FinalMinute } from './generate-minute.js';
import { aggregateMinute, type MinuteAggregate } from './minute-aggregate.js';
import { stepAt, type SettleSchedule } from './settling.js';
import { settlingModel, type ScheduleFn } from './settling-models.js';
import type { ZoneProfile } from './zones.js';

/** What a query sees of one zone-minute at one settling step. */
export interface VisibleMinute {
  readonly minuteMs: number;
  readonly step: number;
  readonly final: boolean;
  readonly cells: readonly Cell[];
  readonly uniques: number;
  /** The httpRequests1mGroups view of `cells`, computed on first use. */
  aggregate(): MinuteAggregate;
}

interface ZoneMinute {
  readonly final: FinalMinute;
  readonly schedule: SettleSchedule;
  /** The last view computed. Time moves forward, so earlier steps are not asked for again (if they are, recomputed). */
  view: VisibleMinute | undefined;
}

/**
 * The traffic model with its caches. Final cells and the settling schedule are generated once per zone-minute;
 * the visible view is computed once per settling step, so a poll costs a map lookup per zone-minute, not a
 * regeneration, and nothing ever scans history. A cached zone-minute holds about 60 KiB (final cells) plus, while
 * it settles, one partial view; `cacheSize` bounds how many are kept.
 */
export class TrafficModel {
  private readonly cache = new Map<string, ZoneMinute>();

  constructor(
    private readonly seed: number,
    readonly zones: readonly ZoneProfile[],
    private readonly cacheSize = 5_000,
    /** The settling model's schedule function (`default` unless the simulator was given another). */
    private readonly settleSchedule: ScheduleFn = settlingModel('default'),
  ) {}

  finalMinute(zone: ZoneProfile, minuteMs: number): FinalMinute {
    return this.zoneMinute(zone, minuteMs).final;
  }

  schedule(zone: ZoneProfile, minuteMs: number): SettleSchedule {
    return this.zoneMinute(zone, minuteMs).schedule;
  }

  /** Epoch ms after which the zone-minute never changes: its end + the schedule's delay. */
  settledAtMs(zone: ZoneProfile, minuteMs: number): number {
    return minuteMs + 60_000 + this.schedule(zone, minuteMs).delay * 1000;
  }

  /** The minute as served at `nowMs`, or undefined when none of it is visible yet. */
  visible(zone: ZoneProfile, minuteMs: number, nowMs: number): VisibleMinute | undefined {
    if (minuteMs > nowMs) return undefined;
    const zm = this.zoneMinute(zone, minuteMs);
    const step = stepAt(zm.schedule, (nowMs - minuteMs - 60_000) / 1000);
    if (step < 0) return undefined;
    if (zm.view?.step !== step) zm.view = makeView(zm, minuteMs, step);
    return zm.view;
  }

  private zoneMinute(zone: ZoneProfile, minuteMs: number): ZoneMinute {
    const key = `${zone.index}:${minuteMs}`;
    let zm = this.cache.get(key);
    if (zm === undefined) {
      zm = {
        final: generateMinute(this.seed, zone, minuteMs),
        schedule: this.settleSchedule(this.seed, zone.index, minuteMs),
        view: undefined,
      };
      if (this.cache.size >= this.cacheSize) {
        // Oldest-inserted first: polls move forward in time, so the oldest entries are the coldest.
        const oldest = this.cache.keys().next();
        if (oldest.done !== true) this.cache.delete(oldest.value);
      }
      this.cache.set(key, zm);
    }
    return zm;
  }
}

function makeView(zm: ZoneMinute, minuteMs: number, step: number): VisibleMinute {
  const { levels } = zm.schedule;
  const last = levels.length - 1;
  const cells: Cell[] = [];
  for (const cell of zm.final.cells) {
    const cellStep = step === last ? last : step - cell.lag;
    if (cellStep < 0) continue;
    const scaled = scaleCell(cell, levels[cellStep] ?? 1);
    // Zero-count combinations are omitted, as Cloudflare omits them.
    if (scaled.count > 0) cells.push(scaled);
  }
  const uniques = Math.round(zm.final.uniques * (levels[step] ?? 1));
  let aggregate: MinuteAggregate | undefined;
  return {
    minuteMs,
    step,
    final: step === last,
    cells,
    uniques,
    aggregate: () => (aggregate ??= aggregateMinute(cells, uniques)),
  };
}
