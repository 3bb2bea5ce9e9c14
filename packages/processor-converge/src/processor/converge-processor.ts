import {
  every,
  getJson,
  permanentError,
  setJson,
  type Batch,
  type ComponentContext,
  type Consumer,
  type Host,
  type Processor,
  type Timer,
} from '@settle/core';
import { ConvergeEngine } from '../engine/engine.js';
import type { ConvergeSnapshot } from '../engine/snapshot.js';
import type { Emission } from '../engine/types.js';
import type { ConvergeConfig } from './config.js';
import { Outbox } from './outbox.js';
import { ConvergeTelemetry } from './telemetry.js';
import { toBatches } from './to-batches.js';

/** Batch meta flag: forward the batch unchanged (ordered with converge's own output, retried by the outbox). */
export const PASSTHROUGH = 'converge.passthrough';

export const CHECKPOINT_KEY = 'converge';

interface Checkpoint {
  readonly engine: ConvergeSnapshot;
  readonly outbox: readonly Batch[];
}

/**
 * The imperative shell around the engine: feeds it batches and the clock's time, runs `expire` on a timer
 * even when no data arrives, forwards what it emits, checkpoints open windows so a restart neither loses an
 * open bucket nor pushes one twice, and on shutdown flushes (or, when checkpointing, saves instead: the
 * restarted process resumes the windows rather than pushing half-settled values now and revising later).
 * Every engine call and delivery runs one at a time, so a checkpoint never sees half-forwarded output.
 */
export class ConvergeProcessor implements Processor {
  readonly engine: ConvergeEngine;
  private readonly telemetry: ConvergeTelemetry;
  private readonly outbox: Outbox;
  private readonly checkpointing: boolean;
  private readonly flushOnShutdown: boolean;
  private timers: Timer[] = [];
  private chain: Promise<void> = Promise.resolve();
  private state: 'new' | 'running' | 'stopped' = 'new';
  private dirty = false;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly config: ConvergeConfig,
    next: Consumer,
  ) {
    this.engine = new ConvergeEngine({
      threshold: config.threshold,
      ttlMs: config.ttl,
      backfillThreshold: config.backfill_threshold,
      tolerance: config.tolerance,
      late: config.late,
      maxSeries: config.max_series,
      stableForMs: config.stable_for,
      minAgeMs: config.min_age,
    });
    this.checkpointing = config.checkpoint ?? ctx.storage.directory !== undefined;
    this.flushOnShutdown = config.flush_on_shutdown ?? !this.checkpointing;
    this.telemetry = new ConvergeTelemetry(ctx.meter, this.engine, { processor: ctx.id });
    this.outbox = new Outbox(next, ctx.logger, config.max_series, (n) => this.telemetry.droppedPoints(n));
  }

  async start(_host: Host): Promise<void> {
    if (this.state !== 'new') return;
    this.state = 'running';
    if (this.checkpointing) await this.serial(() => this.restore());
    // Windows that passed their TTL while the process was down are pushed at once, not a tick later.
    void this.background(() => this.tick());
    const { clock } = this.ctx;
    this.timers.push(every(clock, this.config.expire_interval, () => this.background(() => this.tick())));
    if (this.checkpointing) {
      this.timers.push(every(clock, this.config.checkpoint_interval, () => this.background(() => this.checkpoint())));
    }
  }

  consume(batch: Batch): Promise<void> {
    if (this.state !== 'running') {
      return Promise.reject(
        permanentError('converge_not_running', `converge processor "${this.ctx.id}" is ${this.state}, not running`),
      );
    }
    // Gauge polls (e.g. Cloudflare Tunnel status) are current readings, not buckets that settle: forwarded as they are.
    if (batch.meta?.[PASSTHROUGH] === true) return this.serial(() => this.outbox.deliver([batch]));
    return this.serial(async () => {
      const now = this.ctx.clock.now();
      const emitted = this.engine.ingest(batch, now);
      this.dirty = true;
      await this.forward(emitted, now);
    });
  }

  async shutdown(): Promise<void> {
    if (this.state === 'stopped') return;
    const wasRunning = this.state === 'running';
    this.state = 'stopped';
    for (const t of this.timers) t.cancel();
    this.timers = [];
    if (wasRunning) {
      await this.serial(async () => {
        const emitted = this.flushOnShutdown ? this.engine.flush() : [];
        if (emitted.length > 0) this.dirty = true;
        await this.forward(emitted, this.ctx.clock.now());
        if (this.checkpointing) await this.checkpoint();
      });
    }
    this.telemetry.close();
  }

  private async tick(): Promise<void> {
    const now = this.ctx.clock.now();
    const emitted = this.engine.expire(now);
    if (emitted.length > 0) this.dirty = true;
    await this.forward(emitted, now);
  }

  private async forward(emitted: readonly Emission[], now: number): Promise<void> {
    this.telemetry.record(emitted, now);
    if (emitted.length === 0 && this.outbox.size === 0) return;
    const before = this.outbox.size;
    await this.outbox.deliver(toBatches(emitted));
    if (this.outbox.size !== before) this.dirty = true;
  }

  private async checkpoint(): Promise<void> {
    if (!this.dirty) return;
    const checkpoint: Checkpoint = { engine: this.engine.snapshot(), outbox: this.outbox.pending() };
    try {
      await setJson(this.ctx.storage, CHECKPOINT_KEY, checkpoint);
      this.dirty = false;
    } catch (err) {
      this.ctx.logger.warn({ err }, 'could not save the converge checkpoint; will retry');
    }
  }

  private async restore(): Promise<void> {
    let checkpoint: Checkpoint | undefined;
    try {
      checkpoint = await getJson<Checkpoint>(this.ctx.storage, CHECKPOINT_KEY);
      if (checkpoint === undefined) return;
      this.engine.restore(checkpoint.engine);
      this.outbox.restore(Array.isArray(checkpoint.outbox) ? checkpoint.outbox : []);
      const stats = this.engine.stats();
      this.ctx.logger.info(
        { windows: stats.openWindows, trackers: stats.trackedSeries, pending: this.outbox.size },
        'converge state restored from checkpoint',
      );
    } catch (err) {
      // An unreadable checkpoint must not keep the pipeline down; say loudly what was lost.
      this.ctx.logger.error(
        { err: err instanceof Error ? err.message : err },
        'converge checkpoint unusable; starting with no open windows',
      );
    }
  }

  /** A timer's step: nobody awaits it, so its failure is only logged (by `serial`). */
  private background(fn: () => Promise<void>): Promise<void> {
    return this.serial(fn).catch(() => undefined);
  }

  /** Runs `fn` after everything queued before it; a failure is logged and does not block what follows. */
  private serial(fn: () => Promise<void>): Promise<void> {
    const run = this.chain.then(fn);
    this.chain = run.catch((err: unknown) => {
      this.ctx.logger.error({ err }, 'converge step failed');
    });
    return run;
  }
}
