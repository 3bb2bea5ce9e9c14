import { getJson, setJson, type Batch, type ComponentContext, type ProcessTools } from '@settle/core';
import type { ConvergeSnapshot } from '../engine/snapshot.js';
import type { EngineSteps } from './engine-steps.js';

export const CHECKPOINT_KEY = 'converge';

interface Checkpoint {
  readonly engine: ConvergeSnapshot;
  /** Output downstream refused and the processor helper retains (the key kept its old name: older checkpoints). */
  readonly outbox: readonly Batch[];
}

/** Saves the engine's open windows with the retained output, and restores both on start. */
export class ConvergeCheckpoint {
  private savedRetained = 0;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly steps: EngineSteps,
  ) {}

  async save(tools: ProcessTools): Promise<void> {
    const retained = tools.retained();
    if (!this.steps.changed && retained.length === 0 && this.savedRetained === 0) return;
    const checkpoint: Checkpoint = { engine: this.steps.engine.snapshot(), outbox: retained };
    try {
      await setJson(this.ctx.storage, CHECKPOINT_KEY, checkpoint);
      this.steps.changed = false;
      this.savedRetained = retained.length;
    } catch (err) {
      this.ctx.logger.warn({ err }, 'could not save the converge checkpoint; will retry');
    }
  }

  async restore(tools: ProcessTools): Promise<void> {
    try {
      const checkpoint = await getJson<Checkpoint>(this.ctx.storage, CHECKPOINT_KEY);
      if (checkpoint === undefined) return;
      const { engine } = this.steps;
      engine.restore(checkpoint.engine);
      tools.retain(Array.isArray(checkpoint.outbox) ? checkpoint.outbox : []);
      const stats = engine.stats();
      this.ctx.logger.info(
        { windows: stats.openWindows, trackers: stats.trackedSeries, pending: tools.retained().length },
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
