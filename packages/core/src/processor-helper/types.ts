import type { Batch } from '../model/types.js';

/** What a processor step hands on: nothing, one batch or several, in order. */
export type ProcessorOutput = Batch | readonly Batch[] | undefined | void;

/** Given to every step of a processor built with `createProcessor`. */
export interface ProcessTools {
  /** The injected clock's time when the step started (engines take `now` as an argument). */
  readonly now: number;
  /** Counts points the step itself dropped (filtered, invalid...) in settle_processor_dropped_points{reason}. */
  readonly drop: (points: number, reason: string) => void;
  /** Output refused downstream with a retryable error and kept (see `retainRefused`), oldest first. */
  readonly retained: () => readonly Batch[];
  /** Puts batches back among the retained ones (a checkpoint's, on restore); re-offered before new output. */
  readonly retain: (batches: readonly Batch[]) => void;
}

/** A timer of the processor: runs every `intervalMs` on the injected clock, serially with everything else. */
export interface ProcessorTimer<S> {
  readonly intervalMs: number;
  /** Also runs once right after `start` (e.g. to push what expired while the process was down). */
  readonly atStart?: boolean;
  readonly run: (state: S, tools: ProcessTools) => ProcessorOutput | Promise<ProcessorOutput>;
}

/**
 * What a processor author writes. Only `process` is required; every other step is optional. All steps run
 * one at a time, in the order they were asked for, so none sees another half done.
 */
export interface ProcessorSpec<S = undefined> {
  /** Mutable state handed to every step, so steps can be plain functions (a closure works as well). */
  readonly state?: S;
  /** Transforms one incoming batch into what goes on. */
  readonly process: (batch: Batch, state: S, tools: ProcessTools) => ProcessorOutput | Promise<ProcessorOutput>;
  readonly timers?: readonly ProcessorTimer<S>[];
  /** Runs first, before any batch or timer (e.g. restore a checkpoint). */
  readonly start?: (state: S, tools: ProcessTools) => void | Promise<void>;
  /** Runs on shutdown after the timers stopped; what it returns is forwarded (e.g. flush open windows). */
  readonly drain?: (state: S, tools: ProcessTools) => ProcessorOutput | Promise<ProcessorOutput>;
  /** Runs after the drained output was forwarded (e.g. save a checkpoint). */
  readonly stop?: (state: S, tools: ProcessTools) => void | Promise<void>;
  /** Runs last on every shutdown, also without start: releases what creating took (telemetry callbacks). */
  readonly close?: (state: S) => void;
  /**
   * Keep output downstream refused with a retryable error (up to `maxPoints`, oldest dropped first) and offer
   * it again before anything newer at the next step, instead of dropping it. For processors whose output
   * cannot be produced again (converge marks a bucket pushed when it emits it). Off by default.
   */
  readonly retainRefused?: { readonly maxPoints: number };
  /** Called with each output batch once downstream accepted it (hook for an exactly-once handoff). */
  readonly delivered?: (batch: Batch, state: S) => void | Promise<void>;
}
