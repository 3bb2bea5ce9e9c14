import type { Batch, ComponentContext, Exporter, Host } from '@settle/core';
import { countPoints, SettleError } from '@settle/core';
import type { BatchMapper } from './mapping/batch-mapper.js';

/**
 * The component the pipeline sees: maps each batch into its export shape (stateful for cumulative), then
 * hands it to the delivery exporter (queue, batching, retry) whose sender encodes and posts it.
 */
export class OtlpExporter implements Exporter {
  /** Batches are mapped and queued one at a time, so running totals reach the queue in the order computed. */
  private chain: Promise<unknown> = Promise.resolve();
  private loaded: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly delivery: Exporter,
    private readonly mapper: BatchMapper,
    private readonly target: string,
  ) {}

  async start(host: Host): Promise<void> {
    await this.load();
    await this.delivery.start(host);
    this.ctx.logger.info({ url: this.target }, 'otlp exporter started');
  }

  consume(batch: Batch): Promise<void> {
    if (this.stopping !== undefined) {
      // Checked before mapping so a late batch cannot move the cumulative totals without being queued.
      const err = new SettleError('exporter_shut_down', `exporter ${this.ctx.id} is shut down`, { retryable: true });
      return Promise.reject(err);
    }
    const next = this.chain.then(async () => {
      await this.load();
      const mapped = await this.mapper.map(batch);
      if (countPoints(mapped) > 0) await this.delivery.consume(mapped);
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.chain.then(() => this.delivery.shutdown());
    return this.stopping;
  }

  private load(): Promise<void> {
    this.loaded ??= this.mapper.load();
    return this.loaded;
  }
}
