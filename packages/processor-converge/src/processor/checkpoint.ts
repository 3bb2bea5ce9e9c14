import { getJson, setJson, withHandoff, type Batch, type ComponentContext, type ProcessTools } from '@settle/core';
import type { ConvergeSnapshot } from '../engine/snapshot.js';
import type { EngineSteps } from './engine-steps.js';

export const CHECKPOINT_KEY = 'converge';

interface Checkpoint {
  readonly engine: ConvergeSnapshot;
  /** Output downstream refused and the processor helper retains (the key kept its old name: older checkpoints). */
  readonly outbox: readonly Batch[];
  /** The last handoff seq stamped on an emitted batch (absent in checkpoints of older versions). */
  readonly handoffSeq?: number;
}

/**
 * Saves the engine's open windows with the retained output, and restores both on start.
 *
 * The handoff to the exporter's persistent queue is exactly-once: `handoff` stamps each emitted batch with
 * (processor id, seq) and saves the checkpoint, with those batches in the outbox, BEFORE they are forwarded
 * (write-ahead). A SIGKILL before that save loses only the emission (never forwarded; the engine restored
 * from the previous checkpoint emits it again from re-ingested data); after it, the restart re-offers the
 * outbox, and the queue drops the batches it already took by their handoff identity (core's handoff.ts).
 */
export class ConvergeCheckpoint {
  private savedRetained = 0;
  private handoffSeq = 0;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly steps: EngineSteps,
  ) {}

  /** Stamps emitted batches with their handoff identity and saves them in the outbox before they go on. */
  async handoff(emitted: readonly Batch[], tools: ProcessTools): Promise<Batch[]> {
    if (emitted.length === 0) return [];
    const stamped = emitted.map((b) => withHandoff(b, { source: this.ctx.id, seq: ++this.handoffSeq }));
    await this.save(tools, stamped);
    return stamped;
  }

  /** `forwarding`: batches about to be forwarded, saved in the outbox with the retained ones. */
  async save(tools: ProcessTools, forwarding: readonly Batch[] = []): Promise<void> {
    const retained = tools.retained();
    if (!this.steps.changed && retained.length === 0 && this.savedRetained === 0 && forwarding.length === 0) return;
    const checkpoint: Checkpoint = {
      engine: this.steps.engine.snapshot(),
      outbox: [...retained, ...forwarding],
      handoffSeq: this.handoffSeq,
    };
    try {
      await setJson(this.ctx.storage, CHECKPOINT_KEY, checkpoint);
      this.steps.changed = false;
      this.savedRetained = checkpoint.outbox.length;
    } catch (err) {
      this.ctx.logger.warn({ err }, 'could not save the converge checkpoint; will retry');
    }
  }

  async restore(tools: ProcessTools): Promise<void> {
    try {
      const checkpoint = await getJson<Checkpoint>(this.ctx.storage, CHECKPOINT_KEY);
      if (checkpoint === undefined) return;
      const { engine } = this.steps;
      const overdue = engine.restore(checkpoint.engine, tools.now);
      tools.retain(Array.isArray(checkpoint.outbox) ? checkpoint.outbox : []);
      this.handoffSeq = typeof checkpoint.handoffSeq === 'number' ? checkpoint.handoffSeq : 0;
      const stats = engine.stats();
      this.ctx.logger.info(
        { windows: stats.openWindows, overdue, trackers: stats.trackedSeries, pending: tools.retained().length },
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
}
