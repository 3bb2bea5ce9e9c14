import { countPoints, SettleError, type Attributes, type Batch, type Logger, type Storage } from '@settle/core';
import { CumulativeEngine } from './cumulative-engine.js';
import { loadTotals, saveTotals } from './cumulative-checkpoint.js';
import { toExportBatch, type TemporalityMode } from './export-shape.js';

/** Rewrites incoming batches into their export shape before they enter the delivery queue. */
export interface BatchMapper {
  /** Loads saved state; called once before the first `map`. */
  load(): Promise<void>;
  /** The export-shaped batch; for cumulative, the totals are checkpointed before it is returned. */
  map(batch: Batch): Promise<Batch>;
}

export interface MapperOptions {
  readonly mode: TemporalityMode;
  readonly resource: Attributes;
  readonly revisionWindowMs: number;
  readonly seriesTtlMs: number;
  readonly storage: Storage;
  readonly logger: Logger;
}

export function createBatchMapper(options: MapperOptions): BatchMapper {
  const { mode, resource } = options;
  if (mode !== 'cumulative') {
    return { load: () => Promise.resolve(), map: (b) => Promise.resolve(toExportBatch(b, mode, resource)) };
  }
  return new CumulativeMapper(options);
}

/**
 * Totals are saved before the batch is queued: a crash in between loses that batch's points from the wire
 * but not from the totals, so the next point carries them. Saving after queueing could instead restart
 * from a lower total and send a decreasing counter.
 */
class CumulativeMapper implements BatchMapper {
  private readonly engine: CumulativeEngine;

  constructor(private readonly options: MapperOptions) {
    this.engine = new CumulativeEngine({
      revisionWindowMs: options.revisionWindowMs,
      seriesTtlMs: options.seriesTtlMs,
    });
  }

  async load(): Promise<void> {
    try {
      const series = await loadTotals(this.options.storage, this.engine);
      if (series > 0) this.options.logger.info({ series }, 'restored cumulative totals');
    } catch (err) {
      throw new SettleError(
        'otlp.checkpoint',
        `cannot read the saved cumulative totals (${String(err)}); delete the exporter's data directory to start the counters afresh`,
        { cause: err, retryable: false },
      );
    }
  }

  async map(batch: Batch): Promise<Batch> {
    const { batch: out, touched, dropped } = this.engine.apply(batch, this.options.resource);
    if (dropped > 0) {
      this.options.logger.warn(
        { dropped, points: countPoints(batch) },
        'dropped points for buckets older than cumulative.revision_window of a known series',
      );
    }
    await saveTotals(this.options.storage, this.engine, touched);
    return out;
  }
}
