import type { Batch, Logger } from '@settle/core';
import { ConvergeEngine } from '../engine/engine.js';
import type { Emission } from '../engine/types.js';
import { engineOptions, type ConvergeConfig } from './config.js';
import { ConvergeTelemetry } from './telemetry.js';
import { toBatches } from './to-batches.js';

/** Batch meta flag: forward the batch unchanged, in order with converge's own output, never seen by the engine. */
export const PASSTHROUGH = 'converge.passthrough';

/**
 * The one place the shell calls the engine and turns what it emits into batches: if the engine's outputs
 * change shape, only this file changes. `changed` tells the checkpoint whether there is anything new to save.
 */
export class EngineSteps {
  readonly engine: ConvergeEngine;
  readonly telemetry: ConvergeTelemetry;
  changed = false;

  constructor(
    config: ConvergeConfig,
    meter: ConstructorParameters<typeof ConvergeTelemetry>[0],
    id: string,
    private readonly logger: Logger,
  ) {
    this.engine = new ConvergeEngine(engineOptions(config));
    this.telemetry = new ConvergeTelemetry(meter, this.engine, { processor: id });
  }

  ingest(batch: Batch, now: number): Batch[] {
    // Gauge polls (e.g. Cloudflare Tunnel status) are current readings, not buckets that settle: they go on
    // as they are (and, refused retryably, are retained and re-offered by the processor helper like the rest).
    if (batch.meta?.[PASSTHROUGH] === true) return [batch];
    this.changed = true;
    return this.emitted(this.engine.ingest(batch, now), now);
  }

  /** Expires due windows; a window closing may teach the engine a new push rule, logged here. */
  expire(now: number): Batch[] {
    const emitted = this.emitted(this.engine.expire(now), now);
    this.telemetry.ruleChanges(this.engine.takeRuleChanges(), this.logger);
    return emitted;
  }

  flush(now: number): Batch[] {
    return this.emitted(this.engine.flush(), now);
  }

  private emitted(emissions: readonly Emission[], now: number): Batch[] {
    this.telemetry.record(emissions, now);
    if (emissions.length === 0) return [];
    this.changed = true;
    return toBatches(emissions);
  }
}
