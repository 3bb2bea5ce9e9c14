import type { Consumer } from '../component/types.js';
import { isRetryable } from '../errors/error-class.js';
import type { Logger } from 'pino';
import { countPoints } from '../model/batch.js';
import type { Batch } from '../model/types.js';
import type { ProcessorOutput } from './types.js';

export interface ForwarderOptions {
  readonly next: Consumer;
  readonly logger: Logger;
  readonly dropped: (points: number, reason: string) => void;
  /** Keep retryably refused output up to this many points (undefined: drop it, counted). */
  readonly retainPoints: number | undefined;
  readonly delivered: ((batch: Batch) => void | Promise<void>) | undefined;
}

/** Normalises a step's output to non-empty batches. */
export function outputBatches(output: ProcessorOutput): Batch[] {
  if (output === undefined) return [];
  const list: readonly Batch[] = Array.isArray(output) ? output : [output as Batch];
  return list.filter((b) => b.metrics.some((m) => m.points.length > 0));
}

/**
 * Hands a step's output to `next`, one batch at a time, in order. A refusal is the Collector's model: the
 * error goes back to whoever caused the step (the caller of `consume`), and the refused points are never
 * lost silently: counted as dropped{reason=refused} and logged, or, with retention, kept and offered again
 * before anything newer at the next step (no retry loop of its own: the exporter's queue and retry do that).
 */
export class Forwarder {
  private kept: Batch[] = [];
  private keptPoints = 0;

  constructor(private readonly options: ForwarderOptions) {}

  get retainedPoints(): number {
    return this.keptPoints;
  }

  retained(): readonly Batch[] {
    return this.kept;
  }

  retain(batches: readonly Batch[]): void {
    for (const b of batches) this.keep(b);
  }

  /** Rejects with the first refusal once everything was offered (or kept). */
  async forward(output: ProcessorOutput): Promise<void> {
    const fresh = outputBatches(output);
    if (fresh.length === 0 && this.kept.length === 0) return;
    const queue = this.kept.length === 0 ? fresh : [...this.kept, ...fresh];
    this.kept = [];
    this.keptPoints = 0;
    let failure: { err: unknown } | undefined;
    for (let i = 0; i < queue.length; i++) {
      const batch = queue[i]!;
      try {
        await this.options.next.consume(batch);
      } catch (err) {
        failure ??= { err };
        if (this.options.retainPoints !== undefined && isRetryable(err)) {
          // Downstream is unavailable: keep this and everything after it, in order.
          const rest = queue.slice(i);
          this.options.logger.warn({ err, batches: rest.length }, 'downstream unavailable; output kept to offer again');
          for (const b of rest) this.keep(b);
          break;
        }
        const points = countPoints(batch);
        this.options.logger.error({ err, points }, 'downstream refused processor output; dropped');
        this.options.dropped(points, 'refused');
        continue;
      }
      await this.options.delivered?.(batch);
    }
    if (failure !== undefined) throw failure.err;
  }

  private keep(batch: Batch): void {
    const limit = this.options.retainPoints ?? 0;
    this.kept.push(batch);
    this.keptPoints += countPoints(batch);
    while (this.keptPoints > limit && this.kept.length > 1) {
      const oldest = this.kept.shift()!;
      const n = countPoints(oldest);
      this.keptPoints -= n;
      this.options.logger.error({ points: n }, 'retained output over its bound; oldest points dropped');
      this.options.dropped(n, 'retained_full');
    }
  }
}
