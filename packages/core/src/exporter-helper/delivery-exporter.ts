import type { ComponentContext, Exporter, Host } from '../component/types.js';
import { SettleError } from '../errors/settle-error.js';
import { countPoints } from '../model/batch.js';
import type { Batch } from '../model/types.js';
import { BoundedQueue, type QueueItem } from './bounded-queue.js';
import type { DeliveryConfig } from './config.js';
import { openQueueStore } from './open-store.js';
import { ConsumerLoop } from './consumer-loop.js';
import type { QueueStore } from './queue-store.js';
import { Resender } from './resender.js';
import { RetryLoop } from './retry-loop.js';
import { ExporterTelemetry } from './telemetry.js';
import type { BatchSender } from './types.js';
import { prepareRequests } from './prepare.js';
import { SerialChain } from '../processor-helper/serial-chain.js';

/**
 * A stateful rewrite of each incoming batch before it is queued (e.g. OTLP's delta → cumulative totals).
 * Batches are mapped and queued one at a time in arrival order, so state reaches the queue in the order it
 * was computed; `load` runs once in `start`, before the first `map`.
 */
export interface BatchMapStep {
  readonly load?: () => Promise<void>;
  readonly map: (batch: Batch) => Batch | Promise<Batch>;
}

export interface DeliveryExporterOptions {
  /** Runs on every batch before the queue; see BatchMapStep. */
  readonly mapBeforeQueue?: BatchMapStep;
  /** Source of jitter in [0, 1); Math.random by default. Tests inject a fixed value. */
  readonly random?: () => number;
  /** Size at which persistent queue segments rotate (16 MiB); tests make it small. */
  readonly segmentBytes?: number;
}

/**
 * Wraps a sender into a full Exporter: queue (memory or persistent), batching, retry with backoff honouring
 * Retry-After, timeout, drop + count of permanent failures, drain on shutdown, telemetry.
 */
export function createDeliveryExporter(
  ctx: ComponentContext,
  config: DeliveryConfig,
  sender: BatchSender,
  options: DeliveryExporterOptions = {},
): Exporter {
  return new DeliveryExporter(ctx, config, sender, options);
}

class DeliveryExporter implements Exporter {
  private readonly telemetry: ExporterTelemetry;
  private readonly retry: RetryLoop;
  private readonly resender: Resender;
  private readonly stopController = new AbortController();
  private store: QueueStore | undefined;
  private queue: BoundedQueue | undefined;
  private consumers: Promise<QueueItem[]>[] = [];
  /** Requests carried by `consume` itself when the queue is disabled; shutdown waits for them. */
  private readonly direct = new Set<Promise<void>>();
  /** Orders map + enqueue when there is a mapping step. */
  private readonly mapping = new SerialChain();
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly config: DeliveryConfig,
    private readonly sender: BatchSender,
    private readonly options: DeliveryExporterOptions,
  ) {
    const q = config.sending_queue;
    this.telemetry = new ExporterTelemetry(
      ctx.meter,
      ctx.id,
      () => this.queue?.size ?? 0,
      q.enabled ? q.queue_size : 0,
    );
    this.retry = new RetryLoop({
      sender,
      config,
      clock: ctx.clock,
      logger: ctx.logger,
      telemetry: this.telemetry,
      random: options.random ?? Math.random,
    });
    this.resender = new Resender({
      windowMs: config.resend_window,
      maxPoints: config.resend_max_points,
      telemetry: this.telemetry,
      sender,
      retry: this.retry,
      batch: config.batch,
      clock: ctx.clock,
      logger: ctx.logger,
    });
  }

  start(_host: Host): Promise<void> {
    this.starting ??= this.doStart();
    return this.starting;
  }

  async consume(batch: Batch): Promise<void> {
    if (this.stopping !== undefined) {
      throw new SettleError('exporter_shut_down', `exporter ${this.ctx.id} is shut down`, { retryable: true });
    }
    if (this.starting === undefined) {
      throw new SettleError('exporter_not_started', `exporter ${this.ctx.id} was not started`, { retryable: true });
    }
    await this.starting;
    const step = this.options.mapBeforeQueue;
    if (step === undefined) return this.accept(batch);
    return this.mapping.run(async () => {
      const mapped = await step.map(batch);
      if (countPoints(mapped) > 0) await this.accept(mapped);
    });
  }

  private accept(batch: Batch): Promise<void> {
    if (this.store?.holds?.(batch) === true) {
      // A producer restored from its write-ahead checkpoint offers what the queue already took: not twice.
      this.telemetry.recordDeduplicated(countPoints(batch));
      return Promise.resolve();
    }
    if (this.queue !== undefined) return this.queue.put(batch);
    const sending = this.sendNow(batch);
    const tracked = sending.catch(() => undefined);
    this.direct.add(tracked);
    void tracked.finally(() => this.direct.delete(tracked));
    return sending;
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.doShutdown();
    return this.stopping;
  }

  private async doStart(): Promise<void> {
    await this.options.mapBeforeQueue?.load?.();
    await this.sender.start?.();
    const q = this.config.sending_queue;
    if (!q.enabled) return;
    const store = await openQueueStore(this.ctx, q, this.telemetry, this.options.segmentBytes);
    this.store = store.store;
    const queue = new BoundedQueue(store.store, {
      capacity: q.queue_size,
      maxBytes: q.max_bytes,
      fullPolicy: q.full_policy,
      now: () => this.ctx.clock.now(),
      onDrop: (item) => this.onEvicted(item),
    });
    queue.restore(store.replayed);
    this.queue = queue;
    for (let i = 0; i < q.num_consumers; i++) {
      const loop = new ConsumerLoop(queue, this.config.batch, this.ctx.clock, (items) => this.deliver(items));
      this.consumers.push(loop.run(this.stopController.signal));
    }
  }

  /** Without a queue, `consume` carries the request itself and reports a final failure to the caller. */
  private async sendNow(batch: Batch): Promise<void> {
    for (const request of prepareRequests([batch], this.config.batch, this.sender)) {
      const outcome = await this.retry.deliver(request, this.stopController.signal);
      if (!outcome.delivered) throw outcome.error;
    }
  }

  /** Delivers the requests made of the taken items; throws only on the shutdown deadline. */
  private async deliver(items: readonly QueueItem[]): Promise<void> {
    const stop = this.stopController.signal;
    const batches = items.map((i) => i.batch);
    await this.guarded(() => this.resender.beforePush(batches, stop));
    const requests = prepareRequests(batches, this.config.batch, this.sender);
    for (const [k, request] of requests.entries()) {
      const outcome = await this.guarded(() => this.retry.deliver(request, stop));
      if (outcome === undefined) this.telemetry.recordFailed(countPoints(request), 'permanent_error');
      else if (outcome.delivered) {
        const next = requests.slice(k + 1);
        await this.guarded(() => this.resender.acked(request, outcome.recovered, next, stop));
      }
    }
  }

  /** Runs a step of delivery; throws only on the shutdown deadline, undefined when it failed unexpectedly. */
  private async guarded<T>(step: () => Promise<T>): Promise<T | undefined> {
    try {
      return await step();
    } catch (err) {
      if (this.stopController.signal.aborted) throw err;
      // A bug in a sender or encoder must not kill the consumer: log it and go on.
      this.ctx.logger.error({ err }, 'unexpected error while delivering; went on');
      return undefined;
    }
  }

  private onEvicted(item: QueueItem): void {
    this.telemetry.recordDropped(item.points, 'queue_full');
    this.ctx.logger.debug({ points: item.points }, 'queue full: dropped the oldest batch');
  }

  private async doShutdown(): Promise<void> {
    if (this.starting === undefined) {
      this.telemetry.close();
      return;
    }
    await this.starting.catch(() => undefined);
    await this.mapping.idle(); // what was mapped is queued before the queue closes
    const queue = this.queue;
    queue?.close();
    const drainMs = this.config.sending_queue.drain_timeout;
    const deadline = this.ctx.clock.setTimeout(() => {
      this.stopController.abort(
        new SettleError('exporter_drain_timeout', 'shutdown deadline reached while draining', { retryable: true }),
      );
    }, drainMs);
    const [leftovers] = await Promise.all([Promise.all(this.consumers), Promise.all(this.direct)]);
    deadline.cancel();
    if (!this.stopController.signal.aborted) this.stopController.abort(new Error('exporter stopped'));
    const left = [...leftovers.flat(), ...(queue?.drainAll() ?? [])];
    this.reportLeftovers(left);
    await this.store?.close();
    await this.sender.shutdown?.();
    this.telemetry.close();
  }

  private reportLeftovers(left: readonly QueueItem[]): void {
    if (left.length === 0) return;
    const points = left.reduce((n, i) => n + i.points, 0);
    if (this.store?.persistent === true) {
      this.ctx.logger.warn({ batches: left.length, points }, 'shutdown deadline reached: the rest stays on disk');
      return;
    }
    this.telemetry.recordDropped(points, 'shutdown');
    this.ctx.logger.error({ batches: left.length, points }, 'shutdown deadline reached: undelivered points lost');
  }
}
