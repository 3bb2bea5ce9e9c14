import {
  createProcessor,
  type Batch,
  type ProcessTools,
  type ComponentContext,
  type Consumer,
  type Processor,
  type ProcessorTimer,
} from '@settle/core';
import { ConvergeCheckpoint } from './checkpoint.js';
import type { ConvergeConfig } from './config.js';
import { EngineSteps } from './engine-steps.js';

/**
 * The shell around the engine, built on core's processor helper (which runs every step below one at a
 * time): feeds the engine batches and the clock's time, runs `expire` on a timer even when no data arrives
 * (once at start too; windows whose TTL passed while the process was down wait for a re-read: see restore),
 * checkpoints open windows so a restart neither loses an open bucket nor pushes one twice, and on shutdown
 * flushes (or, when checkpointing, saves instead: the restarted process resumes the windows rather than
 * pushing half-settled values now and revising later). Emitted points are marked pushed in the engine, so
 * output downstream refuses retryably is retained by the helper (bounded by `max_series` points) and saved
 * with the checkpoint; a permanent refusal is dropped and counted (settle_processor_dropped_points).
 */
export function createConvergeProcessor(ctx: ComponentContext, config: ConvergeConfig, next: Consumer): Processor {
  const steps = new EngineSteps(config, ctx.meter, ctx.id, ctx.logger);
  const checkpointing = config.checkpoint ?? ctx.storage.directory !== undefined;
  const flushOnShutdown = config.flush_on_shutdown ?? !checkpointing;
  const checkpoint = new ConvergeCheckpoint(ctx, steps);
  // With a checkpoint, every emission is saved (write-ahead) before it is forwarded: see ConvergeCheckpoint.
  const handoff = (emitted: Batch[], t: ProcessTools) => (checkpointing ? checkpoint.handoff(emitted, t) : emitted);
  const timers: ProcessorTimer<undefined>[] = [
    { intervalMs: config.expire_interval, atStart: true, run: (_state, t) => handoff(steps.expire(t.now), t) },
  ];
  // The periodic save keeps what was ingested but not emitted (open windows, learned rules) across a kill.
  if (checkpointing) timers.push({ intervalMs: config.checkpoint_interval, run: (_s, t) => checkpoint.save(t) });
  return createProcessor(ctx, next, {
    process: (batch, _state, t) => handoff(steps.ingest(batch, t.now), t),
    timers,
    start: (_state, t) => (checkpointing ? checkpoint.restore(t) : undefined),
    drain: (_state, t) => (flushOnShutdown ? handoff(steps.flush(t.now), t) : undefined),
    stop: (_state, t) => (checkpointing ? checkpoint.save(t) : undefined),
    close: () => steps.telemetry.close(),
    retainRefused: { maxPoints: config.max_series },
  });
}
