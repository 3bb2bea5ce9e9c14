import type { Host } from '../component/types.js';
import type { Batch } from '../model/types.js';

/** What one collection hands on: nothing, one batch or several, in order. */
export type CollectOutput = Batch | readonly Batch[] | undefined | void;

/** Given to every collection. */
export interface CollectTools {
  /** The injected clock's time when the run started. */
  readonly now: number;
  /** Aborted on shutdown (or the service's stop): an in-flight request should end with it. */
  readonly signal: AbortSignal;
  /**
   * Pushes a batch now, while the collection goes on (for collections that produce batches as they go);
   * rejects when downstream refused it. Returned batches are pushed after the collection instead.
   */
  readonly emit: (batch: Batch) => Promise<void>;
  /** Ends this lane after this run (a bounded source); the others go on. */
  readonly finish: () => void;
}

/** One schedule of a polling receiver; a receiver may run several side by side (e.g. live and backfill). */
export interface PollingLane {
  /** Names the lane in logs and in the `lane` attribute of settle_receiver_collect_errors. */
  readonly name: string;
  /**
   * Time from one run's start to the next's; read after each run, so a pacer or a backoff can change it. A
   * run longer than the interval is followed at once by the next one: runs of a lane never overlap.
   */
  readonly intervalMs: number | (() => number);
  /** Wait before the first run; 0 (the default) runs at once when the lanes start. */
  readonly initialDelayMs?: number;
  /**
   * `start` (the default): the interval runs from one run's start to the next's, a steady cadence. `end`: it
   * is the pause after a run settled, for a lane that paces itself (0 = go on at once, or a backoff).
   */
  readonly measureFrom?: 'start' | 'end';
  readonly collect: (tools: CollectTools) => CollectOutput | Promise<CollectOutput>;
}

/** What a polling receiver's author writes: the lanes, and optional start and stop steps. */
export interface PollingReceiverSpec {
  readonly lanes: readonly PollingLane[];
  /** Stops every lane as shutdown does when it aborts (e.g. after a fatal error the author reported). */
  readonly signal?: AbortSignal;
  /**
   * Runs in the background after `start` returned, before the lanes start (e.g. load cursors, check
   * credentials). Returning false leaves the lanes unstarted (the step reported why through `host`); a
   * throw is reported as permanent_error.
   */
  readonly start?: (host: Host, signal: AbortSignal) => Promise<boolean | void> | boolean | void;
  /** Runs on shutdown once every lane has stopped (e.g. save cursors); only after a start. */
  readonly stop?: () => Promise<void> | void;
  /** Runs last on every shutdown, also without start: releases what creating took (telemetry callbacks). */
  readonly close?: () => void;
}
