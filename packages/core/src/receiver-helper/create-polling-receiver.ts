import { sleep } from '../clock/clock.js';
import type { ComponentContext, Consumer, Host, Receiver } from '../component/types.js';
import { SettleError } from '../errors/settle-error.js';
import type { Batch } from '../model/types.js';
import { ReceiverTelemetry } from './receiver-telemetry.js';
import type { CollectOutput, CollectTools, PollingLane, PollingReceiverSpec } from './types.js';

/**
 * Turns "collect once" into a Receiver (the Collector's scraperhelper): the helper owns lifecycle (`start`
 * returns at once, `shutdown` idempotent and safe without `start`), each lane's schedule on the injected
 * clock (initial delay, no overlap), the abort of in-flight collections on shutdown, forwarding and telemetry.
 */
export function createPollingReceiver(
  ctx: ComponentContext,
  next: Consumer,
  spec: PollingReceiverSpec,
): PollingReceiver {
  return new HelperReceiver(ctx, next, spec);
}

export interface PollingReceiver extends Receiver {
  /**
   * Aborted on shutdown, on the service's stop and by `spec.signal`: the signal the collections get, for
   * parts the author builds around the receiver (clients, limiters) to stop with it.
   */
  readonly signal: AbortSignal;
}

class HelperReceiver implements PollingReceiver {
  private readonly abort = new AbortController();
  readonly signal: AbortSignal;
  private readonly telemetry: ReceiverTelemetry;
  private running: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly next: Consumer,
    private readonly spec: PollingReceiverSpec,
  ) {
    const signals = [ctx.signal, this.abort.signal];
    if (spec.signal !== undefined) signals.push(spec.signal);
    this.signal = AbortSignal.any(signals);
    this.telemetry = new ReceiverTelemetry(ctx.meter, ctx.id);
  }

  start(host: Host): Promise<void> {
    if (this.running === undefined && this.stopping === undefined) this.running = this.run(host);
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.doShutdown();
    return this.stopping;
  }

  private async doShutdown(): Promise<void> {
    this.abort.abort(new SettleError('shutdown', `receiver "${this.ctx.id}" shutting down`, { retryable: true }));
    if (this.running !== undefined) {
      await this.running;
      try {
        await this.spec.stop?.();
      } catch (err) {
        this.ctx.logger.warn({ err }, 'receiver stop step failed');
      }
    }
    this.spec.close?.();
  }

  private async run(host: Host): Promise<void> {
    try {
      if ((await this.spec.start?.(host, this.signal)) === false) return;
    } catch (err) {
      if (this.signal.aborted) return;
      this.ctx.logger.error({ err }, 'receiver start step failed');
      const message = err instanceof Error ? err.message : String(err);
      host.reportStatus({ status: 'permanent_error', message, error: err });
      return;
    }
    await Promise.all(this.spec.lanes.map((lane) => this.runLane(lane)));
  }

  private async runLane(lane: PollingLane): Promise<void> {
    const { clock } = this.ctx;
    try {
      if ((lane.initialDelayMs ?? 0) > 0) await sleep(clock, lane.initialDelayMs ?? 0, this.signal);
      let finished = false;
      const finish = (): void => void (finished = true);
      while (!this.signal.aborted) {
        const started = clock.now();
        await this.collectOnce(lane, started, finish);
        if (finished) return;
        const interval = typeof lane.intervalMs === 'number' ? lane.intervalMs : lane.intervalMs();
        const wait = (lane.measureFrom === 'end' ? clock.now() : started) + interval - clock.now();
        // A collection cut short by shutdown says nothing about how long collections take.
        if (!this.signal.aborted)
          this.telemetry.recordCollection(lane.name, clock.now() - started, lane.measureFrom !== 'end' && wait < 0);
        if (wait > 0) await sleep(clock, wait, this.signal);
        else await new Promise<void>((resolve) => setImmediate(resolve)); // behind: go on, but let I/O run
      }
    } catch (err) {
      if (!this.signal.aborted) throw err; // only the abort of a sleep ends a lane
    }
  }

  private async collectOnce(lane: PollingLane, now: number, finish: () => void): Promise<void> {
    const emit = (batch: Batch): Promise<void> => this.next.consume(batch);
    const tools: CollectTools = { now, signal: this.signal, emit, finish };
    let output: CollectOutput;
    try {
      output = await lane.collect(tools);
    } catch (err) {
      if (this.signal.aborted) return;
      this.telemetry.recordError(lane.name);
      this.ctx.logger.warn({ err, lane: lane.name }, 'collection failed; trying again at the next interval');
      return;
    }
    for (const batch of toList(output)) {
      try {
        await this.next.consume(batch);
      } catch (err) {
        // Counted as refused by the service; a poll is not retried (the next one reads the source again).
        this.ctx.logger.warn({ err, lane: lane.name }, 'batch refused downstream');
      }
    }
  }
}

function toList(output: CollectOutput): readonly Batch[] {
  if (output === undefined) return [];
  return Array.isArray(output) ? (output as readonly Batch[]) : [output as Batch];
}
