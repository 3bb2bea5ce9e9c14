import type { MeterProvider } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import type { Host, StatusEvent } from '../component/types.js';
import type { ResolvedConfig } from '../config/types.js';
import { SettleError } from '../errors/settle-error.js';
import { silentLogger } from '../logging/logger.js';
import { coreVersion } from '../plugins/core-version.js';
import { instantiateGraph, type ComponentInstance } from './instantiate-graph.js';
import type { ListenAddress } from './listen-address.js';
import { createPipelineMetrics } from './pipeline-metrics.js';
import { SelfTelemetry } from './self-telemetry.js';
import { observeComponentStatus } from './status-metric.js';
import { StatusTracker, type HealthReport } from './status-tracker.js';

export interface ServiceOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Overrides `service.data_dir`; without either, component storage lives in memory. */
  readonly dataDir?: string;
  /** Embedders may bring their own; then settle serves `/healthz` only. */
  readonly meterProvider?: MeterProvider;
}

/** Why the service stopped: `settle run` exits 0 for `shutdown`, 1 otherwise. */
export interface ServiceExit {
  readonly reason: 'shutdown' | 'fatal_error' | 'start_failed';
  readonly component?: string;
  readonly message?: string;
}

export type ServiceState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

const STOP_PHASE = { receiver: 0, processor: 1, connector: 1, exporter: 2 } as const;

/**
 * The running pipelines of one config. Starts downstream first (exporters, processors from the end of each
 * pipeline, receivers) so nothing sends into a stage that is not ready; stops upstream first (receivers,
 * then processors flushing into still-running exporters, then exporters draining).
 */
export class Service {
  /** Resolves once the service has fully stopped, with the reason. */
  readonly done: Promise<ServiceExit>;
  private resolveDone: (exit: ServiceExit) => void = () => undefined;
  private exit: ServiceExit | undefined;
  private startLoop: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private phase: ServiceState = 'created';
  /**
   * Every timer in settle is unref'd (a timer alone must not hold up shutdown), so with self-telemetry off
   * nothing would keep Node's event loop alive: `settle run` ended with exit 13 a second after starting.
   * A started service holds this one handle until it has stopped.
   */
  private keepAlive: NodeJS.Timeout | undefined;

  private constructor(
    private readonly instances: readonly ComponentInstance[],
    private readonly tracker: StatusTracker,
    private readonly telemetry: SelfTelemetry,
    private readonly logger: Logger,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    for (const i of instances) tracker.register(i.key, i.kind, i.id, i.pipeline);
  }

  /** Creates every component of the config (nothing runs until `start`). */
  static async create(config: ResolvedConfig, options: ServiceOptions = {}): Promise<Service> {
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger();
    const telemetry = new SelfTelemetry(config.service.telemetry, {
      logger,
      version: coreVersion(),
      ...(options.meterProvider === undefined ? {} : { meterProvider: options.meterProvider }),
    });
    const meter = telemetry.meterProvider.getMeter('settle', coreVersion());
    const dataDir = options.dataDir ?? config.service.dataDir;
    try {
      const instances = await instantiateGraph(
        config,
        { logger, meter, clock, dataDir, cluster: config.service.cluster },
        createPipelineMetrics(meter),
      );
      const tracker = new StatusTracker(() => clock.now());
      observeComponentStatus(meter, tracker);
      return new Service(instances, tracker, telemetry, logger);
    } catch (err) {
      await telemetry.shutdown();
      throw err;
    }
  }

  /** Starts self-telemetry, then every component downstream first. Rejects (after stopping) if one fails. */
  async start(): Promise<void> {
    if (this.startLoop !== undefined || this.stopping !== undefined) {
      throw new SettleError('service_state', 'the service can be started once, and not after shutdown', {
        retryable: false,
      });
    }
    this.keepAlive = setInterval(() => undefined, 1 << 30);
    this.startLoop = this.runStart();
    try {
      await this.startLoop;
    } catch (err) {
      await this.shutdown();
      throw err;
    }
  }

  /** Stops everything upstream first and waits for the drain. Idempotent; safe without `start`. */
  shutdown(): Promise<void> {
    this.stopping ??= this.runShutdown();
    return this.stopping;
  }

  get state(): ServiceState {
    return this.phase;
  }

  health(): HealthReport {
    return this.tracker.health();
  }

  /** Where `/metrics` and `/healthz` are served, once started (undefined when disabled). */
  telemetryAddress(): ListenAddress | undefined {
    return this.telemetry.address();
  }

  private async runStart(): Promise<void> {
    this.phase = 'starting';
    try {
      await this.telemetry.start(() => this.tracker.health());
    } catch (err) {
      this.exit ??= { reason: 'start_failed', message: err instanceof Error ? err.message : String(err) };
      throw err;
    }
    const order = this.stopOrder().reverse();
    this.logger.info({ components: order.filter((i) => i.component !== undefined).length }, 'starting');
    for (const inst of order) {
      if (this.stopping !== undefined) return; // a fatal error during start: stop bringing things up
      if (inst.component === undefined) {
        this.tracker.report(inst.key, { status: 'ok' });
        continue;
      }
      try {
        await inst.component.start(this.hostFor(inst));
      } catch (err) {
        const message = `${inst.kind} "${inst.id}" failed to start: ${err instanceof Error ? err.message : String(err)}`;
        this.tracker.report(inst.key, { status: 'permanent_error', message });
        this.exit ??= { reason: 'start_failed', component: inst.id, message };
        throw new SettleError('component_start_failed', message, { cause: err, retryable: false });
      }
      if (this.tracker.get(inst.key)?.status === 'starting') this.tracker.report(inst.key, { status: 'ok' });
    }
    this.phase = 'running';
    this.logger.info('all pipelines running');
  }

  private async runShutdown(): Promise<void> {
    // Let a start in progress reach a point where no component is mid-start.
    await this.startLoop?.catch(() => undefined);
    this.phase = 'stopping';
    this.logger.info('shutting down');
    for (const inst of this.stopOrder()) {
      inst.controller.abort(new SettleError('shutdown', 'settle is shutting down'));
      if (inst.component === undefined) {
        this.tracker.report(inst.key, { status: 'stopped' });
        continue;
      }
      this.tracker.report(inst.key, { status: 'stopping' });
      try {
        await inst.component.shutdown();
        this.tracker.report(inst.key, { status: 'stopped' });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.logger.error({ err, component: inst.id, kind: inst.kind }, 'shutdown failed');
        this.tracker.report(inst.key, { status: 'permanent_error', message: `shutdown failed: ${message}` });
      }
    }
    await this.telemetry.shutdown();
    this.phase = 'stopped';
    clearInterval(this.keepAlive);
    this.logger.info('stopped');
    this.resolveDone(this.exit ?? { reason: 'shutdown' });
  }

  /** Receivers, then processors and connectors in topological order, then exporters. */
  private stopOrder(): ComponentInstance[] {
    return this.instances
      .map((inst, index) => ({ inst, index }))
      .sort((a, b) => STOP_PHASE[a.inst.kind] - STOP_PHASE[b.inst.kind] || a.index - b.index)
      .map((x) => x.inst);
  }

  private hostFor(inst: ComponentInstance): Host {
    return {
      reportStatus: (event: StatusEvent) => {
        this.tracker.report(inst.key, event);
        if (event.status !== 'fatal_error') return;
        const message = event.message ?? (event.error instanceof Error ? event.error.message : 'fatal error');
        this.logger.error({ component: inst.id, kind: inst.kind, err: event.error }, message);
        this.exit ??= { reason: 'fatal_error', component: inst.id, message: `${inst.kind} "${inst.id}": ${message}` };
        void this.shutdown();
      },
    };
  }
}
