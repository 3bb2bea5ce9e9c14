import type { SettlingModelName } from './model/settling-models.js';
import type { DatasetName } from './schema/datasets.js';

/** Epoch ms; structurally compatible with @settle/core's Clock. */
export interface SimClock {
  now(): number;
}

/** Ways to make the next GraphQL requests fail, for tests of a client's error handling. */
export type FaultKind =
  /** HTTP 503, errors[] "unable to execute query, please try again later". */
  | 'unavailable'
  /** HTTP 200, errors[] "unable to execute query, please try again later". */
  | 'unavailable200'
  /** HTTP 503, errors[] "too many queries in progress, please try again later". */
  | 'tooManyInProgress'
  /** HTTP 502 with an HTML body, as a proxy in front of the API answers. */
  | 'badGateway'
  /** HTTP 200 with a truncated JSON body. */
  | 'malformed'
  /** HTTP 429 + Retry-After, errors[] "quota exceeded, please repeat your request in the next minute". */
  | 'quota'
  /** HTTP 429 + Retry-After: 300, errors[] "rate limiter budget depleted, try again after 5 minutes". */
  | 'budget';

export interface DatasetLimitsOption {
  /** Widest time range one query may ask for (`settings.maxDuration`). */
  readonly maxDurationMs?: number;
  /** How far back a query may read (`settings.notOlderThan`); defaults to `retentionMs`. */
  readonly notOlderThanMs?: number;
}

/** A dataset a zone may not query: "does not have access to the path" or "not available for your plan". */
export interface DeniedDataset {
  /** Zone tag or zone index. */
  readonly zone: string | number;
  readonly dataset: string;
  readonly reason?: 'access' | 'plan';
}

export interface SimulatorOptions {
  /** Default 1; everything is deterministic from it. */
  readonly seed?: number;
  /** Number of zones, default 3. Tags are 32 hex derived from the seed; names zone-000.example.com, ... */
  readonly zones?: number;
  /** Default derived from the seed (32 hex). */
  readonly accountTag?: string;
  /** Accepted bearer tokens, default ["sim-token"]. */
  readonly tokens?: readonly string[];
  /** Default: real time. Tests pass a virtual clock shared with the receiver. */
  readonly clock?: SimClock;
  /** GraphQL queries per token and window, default 300 / 300000 ms. */
  readonly quota?: { readonly queries: number; readonly windowMs: number };
  /** REST requests per token and window (HTTP 429 beyond), default 1200 / 300000 ms. */
  readonly restQuota?: { readonly requests: number; readonly windowMs: number };
  /** Probability of a transient failure per GraphQL request, default 0. */
  readonly errorRate?: number;
  /** Relative noise on adaptive datasets (e.g. 0.02), default 0. */
  readonly samplingNoise?: number;
  /** Default 3 days ("cannot request data older than ..." beyond it). */
  readonly retentionMs?: number;
  /** Mean requests per zone-minute, default 1000. */
  readonly trafficPerMinute?: number;
  /** Per-dataset limits; maxDuration defaults to 1 day for every dataset. */
  readonly datasetLimits?: Partial<Record<DatasetName, DatasetLimitsOption>>;
  /** Datasets some zones may not query. */
  readonly denied?: readonly DeniedDataset[];
  /** Zone-minutes kept in the generation cache (about 60 KiB each), default 5000. */
  readonly cacheSize?: number;
  /** How recent minutes settle (README "Settling models"), default `default`. */
  readonly settling?: SettlingModelName;
}

export interface TruthPoint {
  readonly zoneTag: string;
  readonly dataset: string;
  readonly minuteMs: number;
  /** Epoch ms after which this minute never changes (its true settle time, as `settledAt`). */
  readonly settledAtMs: number;
  readonly dimensions: Record<string, string>;
  readonly values: Record<string, number>;
}

export interface SimStats {
  /** GraphQL requests accepted (authenticated and within quota), including injected failures. */
  readonly queries: number;
  /** GraphQL requests refused for quota. */
  readonly rateLimited: number;
  /** GraphQL requests answered with an injected failure. */
  readonly injectedErrors: number;
  /** Accepted GraphQL requests per token. */
  readonly byToken: Record<string, number>;
  /** Per zone tag, per token: how many answered queries asked for that zone (tells cluster members apart). */
  readonly byZoneToken: Record<string, Record<string, number>>;
  /** Requests refused for a missing or unknown token (GraphQL and REST). */
  readonly authFailures: number;
  /** REST requests answered (any status but auth failures). */
  readonly restRequests: number;
  /** REST requests refused with HTTP 429. */
  readonly restRateLimited: number;
  /** GraphQL replies sent slowly (the server's `slowReplies` option). */
  readonly slowReplies: number;
}

export interface Simulator {
  readonly accountTag: string;
  readonly zones: readonly { readonly tag: string; readonly name: string }[];
  /** The settling model in use. */
  readonly settling: SettlingModelName;
  /**
   * Final (settled) values of one zone-minute for a dataset, as Cloudflare will eventually serve them.
   * `groupBy` (adaptive datasets) picks the dimensions to aggregate by; default: every dimension the simulator
   * models (firewall: action, source, ruleId, clientCountryName, clientRequestHTTPHost).
   */
  truth(zoneTag: string, dataset: string, minuteMs: number, groupBy?: readonly string[]): TruthPoint[];
  /** Counters for tests/benches. */
  stats(): SimStats;
  /** The next `count` GraphQL requests (after auth and quota) fail with `kind`. */
  injectFaults(kind: FaultKind, count?: number): void;
  /** Revokes (`false`) or accepts again (`true`) a token, as a dashboard edit would, for GraphQL and REST. */
  setToken(token: string, accepted: boolean): void;
  /** Epoch ms at which a zone-minute's values stop changing (its settling delay after the minute's end). */
  settledAt(zoneTag: string, minuteMs: number): number;
}

export interface SimulatorServer {
  /** "http://127.0.0.1:PORT" */
  readonly url: string;
  /** url + "/client/v4/graphql" */
  readonly graphqlUrl: string;
  /** url + "/client/v4" */
  readonly apiUrl: string;
  readonly simulator: Simulator;
  close(): Promise<void>;
}

export interface SimulatorServerOptions extends SimulatorOptions {
  /** Default 0 (a free port). */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Serve this simulator instead of creating one from the options. */
  readonly simulator?: Simulator;
  /** Send a share of GraphQL replies slowly (a trickled body), default none. */
  readonly slowReplies?: SlowRepliesOption;
}

/**
 * Slow bodies: `share` (0..1) of GraphQL replies, chosen reproducibly from the seed, send their status and
 * headers at once and their body in 10 pieces spread over `durationMs` of wall time (real time, whatever the
 * simulator's clock: it is the socket that is slow).
 */
export interface SlowRepliesOption {
  readonly share: number;
  readonly durationMs: number;
}
