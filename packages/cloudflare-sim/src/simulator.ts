import { FaultInjector } from './limits/faults.js';
import { SlidingWindow } from './limits/sliding-window.js';
import { hexTag } from './model/random.js';
import { settlingModel, type SettlingModelName } from './model/settling-models.js';
import { TrafficModel } from './model/traffic-model.js';
import { truthPoints } from './model/truth.js';
import { makeZones, type ZoneProfile } from './model/zones.js';
import { floorMinute } from './query/time-dimensions.js';
import type { NodeLimits } from './query/time-range.js';
import { DATASET_NAMES, type DatasetName } from './schema/datasets.js';
import type { FaultKind, SimClock, SimStats, Simulator, SimulatorOptions, TruthPoint } from './types.js';

const DAY_MS = 86_400_000;
const realClock: SimClock = { now: () => Date.now() };

interface MutableStats {
  queries: number;
  rateLimited: number;
  injectedErrors: number;
  byToken: Record<string, number>;
  byZoneToken: Record<string, Record<string, number>>;
  authFailures: number;
  restRequests: number;
  restRateLimited: number;
  slowReplies: number;
}

/** The simulator with the internals its HTTP layer uses. Only the Simulator interface is exported. */
export class SimulatorCore implements Simulator {
  readonly accountTag: string;
  readonly zones: readonly { readonly tag: string; readonly name: string }[];
  readonly profiles: readonly ZoneProfile[];
  readonly model: TrafficModel;
  readonly clock: SimClock;
  readonly seed: number;
  readonly settling: SettlingModelName;
  readonly samplingNoise: number;
  private readonly tokenSet: Set<string>;
  readonly graphqlQuota: SlidingWindow;
  readonly restQuota: SlidingWindow;
  readonly faults: FaultInjector;
  readonly counters: MutableStats = {
    queries: 0,
    rateLimited: 0,
    injectedErrors: 0,
    byToken: {},
    byZoneToken: {},
    authFailures: 0,
    restRequests: 0,
    restRateLimited: 0,
    slowReplies: 0,
  };
  private readonly byTag: ReadonlyMap<string, ZoneProfile>;
  private readonly limits: Readonly<Record<DatasetName, NodeLimits>>;
  private readonly denials: ReadonlyMap<string, 'access' | 'plan'>;

  constructor(options: SimulatorOptions = {}) {
    this.seed = options.seed ?? 1;
    const zoneCount = options.zones ?? 3;
    if (!Number.isInteger(zoneCount) || zoneCount < 0)
      throw new RangeError(`zones must be an integer >= 0, got ${zoneCount}`);
    this.accountTag = options.accountTag ?? hexTag(this.seed, 'account');
    this.profiles = makeZones(this.seed, zoneCount, options.trafficPerMinute ?? 1000);
    this.zones = this.profiles.map((z) => ({ tag: z.tag, name: z.name }));
    this.byTag = new Map(this.profiles.map((z) => [z.tag, z]));
    this.settling = options.settling ?? 'default';
    this.model = new TrafficModel(this.seed, this.profiles, options.cacheSize, settlingModel(this.settling));
    this.clock = options.clock ?? realClock;
    this.samplingNoise = options.samplingNoise ?? 0;
    this.tokenSet = new Set(options.tokens ?? ['sim-token']);
    const quota = options.quota ?? { queries: 300, windowMs: 300_000 };
    this.graphqlQuota = new SlidingWindow(quota.queries, quota.windowMs);
    const rest = options.restQuota ?? { requests: 1200, windowMs: 300_000 };
    this.restQuota = new SlidingWindow(rest.requests, rest.windowMs);
    this.faults = new FaultInjector(this.seed, options.errorRate ?? 0);
    const retentionMs = options.retentionMs ?? 3 * DAY_MS;
    this.limits = Object.fromEntries(
      DATASET_NAMES.map((name) => {
        const own = options.datasetLimits?.[name];
        return [
          name,
          { maxDurationMs: own?.maxDurationMs ?? DAY_MS, notOlderThanMs: own?.notOlderThanMs ?? retentionMs },
        ];
      }),
    ) as Record<DatasetName, NodeLimits>;
    this.denials = new Map(
      (options.denied ?? []).map((d) => {
        const tag = typeof d.zone === 'number' ? (this.profiles[d.zone]?.tag ?? String(d.zone)) : d.zone;
        return [`${tag}/${d.dataset}`, d.reason ?? 'access'] as const;
      }),
    );
  }

  zoneByTag(tag: string): ZoneProfile | undefined {
    return this.byTag.get(tag);
  }

  limitsFor(dataset: DatasetName): NodeLimits {
    return this.limits[dataset];
  }

  denial(zoneTag: string, dataset: string): 'access' | 'plan' | undefined {
    return this.denials.get(`${zoneTag}/${dataset}`);
  }

  truth(zoneTag: string, dataset: string, minuteMs: number, groupBy?: readonly string[]): TruthPoint[] {
    const zone = this.byTag.get(zoneTag);
    if (zone === undefined) throw new RangeError(`unknown zone tag ${zoneTag}`);
    if (!(DATASET_NAMES as readonly string[]).includes(dataset)) throw new RangeError(`unknown dataset ${dataset}`);
    return truthPoints(this.model, zone, dataset as DatasetName, floorMinute(minuteMs), groupBy);
  }

  settledAt(zoneTag: string, minuteMs: number): number {
    const zone = this.byTag.get(zoneTag);
    if (zone === undefined) throw new RangeError(`unknown zone tag ${zoneTag}`);
    return this.model.settledAtMs(zone, floorMinute(minuteMs));
  }

  stats(): SimStats {
    return {
      ...this.counters,
      byToken: { ...this.counters.byToken },
      byZoneToken: Object.fromEntries(Object.entries(this.counters.byZoneToken).map(([z, t]) => [z, { ...t }])),
    };
  }

  injectFaults(kind: FaultKind, count = 1): void {
    this.faults.inject(kind, count);
  }

  get tokens(): ReadonlySet<string> {
    return this.tokenSet;
  }

  setToken(token: string, accepted: boolean): void {
    if (accepted) this.tokenSet.add(token);
    else this.tokenSet.delete(token);
  }
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  return new SimulatorCore(options);
}
