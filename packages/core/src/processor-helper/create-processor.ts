import { every, type Timer } from '../clock/clock.js';
import type { ComponentContext, Consumer, Host, Processor } from '../component/types.js';
import { permanentError } from '../errors/settle-error.js';
import type { Batch } from '../model/types.js';
import { Forwarder } from './forwarder.js';
import { ProcessorTelemetry } from './processor-telemetry.js';
import { SerialChain } from './serial-chain.js';
import type { ProcessorOutput, ProcessorSpec, ProcessTools } from './types.js';

/**
 * Turns a `ProcessorSpec` into a Processor. The helper owns what every processor needs and none should write
 * again: lifecycle (`start` returns at once, `shutdown` idempotent and safe without `start`, `consume` after
 * shutdown refused with a permanent error), serial steps, timers on the injected clock that never overlap,
 * drain on shutdown, forwarding with a stated policy for refusals (see Forwarder), and telemetry.
 */
export function createProcessor<S = undefined>(
  ctx: ComponentContext,
  next: Consumer,
  spec: ProcessorSpec<S>,
): Processor {
  return new HelperProcessor(ctx, next, spec);
}

class HelperProcessor<S> implements Processor {
  private readonly chain = new SerialChain();
  private readonly telemetry: ProcessorTelemetry;
  private readonly forwarder: Forwarder;
  private readonly state: S;
  private timers: Timer[] = [];
  private phase: 'new' | 'running' | 'stopped' = 'new';
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly ctx: ComponentContext,
    next: Consumer,
    private readonly spec: ProcessorSpec<S>,
  ) {
    this.state = spec.state as S;
    this.forwarder = new Forwarder({
      next,
      logger: ctx.logger,
      dropped: (points, reason) => this.telemetry.recordDropped(points, reason),
      retainPoints: spec.retainRefused?.maxPoints,
      delivered: spec.delivered === undefined ? undefined : (b) => spec.delivered?.(b, this.state),
    });
    this.telemetry = new ProcessorTelemetry(ctx.meter, ctx.id, () => this.forwarder.retainedPoints);
  }

  start(host: Host): Promise<void> {
    if (this.phase !== 'new') return Promise.resolve();
    this.phase = 'running';
    const { start } = this.spec;
    if (start !== undefined) {
      // Queued first: every batch and timer step waits for it, while `start` itself returns at once.
      void this.chain
        .run(async () => start(this.state, this.tools()))
        .catch((err: unknown) => {
          this.ctx.logger.error({ err }, 'processor start step failed');
          host.reportStatus({ status: 'permanent_error', message: `start failed: ${messageOf(err)}`, error: err });
        });
    }
    for (const timer of this.spec.timers ?? []) {
      const run = (): Promise<void> => this.background(() => timer.run(this.state, this.tools()));
      if (timer.atStart === true) void run();
      this.timers.push(every(this.ctx.clock, timer.intervalMs, run));
    }
    return Promise.resolve();
  }

  consume(batch: Batch): Promise<void> {
    if (this.phase !== 'running') {
      const state = this.phase === 'new' ? 'not started' : 'shut down';
      return Promise.reject(
        permanentError('processor_not_running', `processor "${this.ctx.id}" is not running (${state})`),
      );
    }
    return this.step(() => this.spec.process(batch, this.state, this.tools()));
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.doShutdown();
    return this.stopping;
  }

  private async doShutdown(): Promise<void> {
    const wasRunning = this.phase === 'running';
    this.phase = 'stopped';
    for (const t of this.timers) t.cancel();
    this.timers = [];
    if (wasRunning) {
      const { drain, stop } = this.spec;
      if (drain !== undefined) await this.background(() => drain(this.state, this.tools()));
      else if (this.forwarder.retained().length > 0) await this.background(() => undefined);
      if (stop !== undefined) {
        await this.chain
          .run(async () => stop(this.state, this.tools()))
          .catch((err: unknown) => this.ctx.logger.error({ err }, 'processor stop step failed'));
      }
    }
    this.spec.close?.(this.state);
    this.telemetry.close();
  }

  /** One step on the chain: run `fn`, forward its output; a refusal rejects the caller. */
  private step(fn: () => ProcessorOutput | Promise<ProcessorOutput>): Promise<void> {
    return this.chain.run(async () => this.forwarder.forward(await fn()));
  }

  /** A step nobody awaits (timer, drain): its failure is logged, the refused points already counted. */
  private background(fn: () => ProcessorOutput | Promise<ProcessorOutput>): Promise<void> {
    return this.step(fn).catch((err: unknown) => this.ctx.logger.warn({ err }, 'processor step failed'));
  }

  private tools(): ProcessTools {
    return {
      now: this.ctx.clock.now(),
      drop: (points, reason) => this.telemetry.recordDropped(points, reason),
      retained: () => this.forwarder.retained(),
      retain: (batches) => this.forwarder.retain(batches),
    };
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
