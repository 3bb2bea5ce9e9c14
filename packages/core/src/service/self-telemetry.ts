import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNoopMeter, type MeterProvider } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider as SdkMeterProvider } from '@opentelemetry/sdk-metrics';
import type { Logger } from 'pino';
import type { TelemetryConfig } from '../config/types.js';
import { SettleError } from '../errors/settle-error.js';
import { parseListenAddress, type ListenAddress } from './listen-address.js';
import type { HealthReport } from './status-tracker.js';

export interface SelfTelemetryOptions {
  /** Use this provider instead of our own; `/metrics` is then the embedding application's business. */
  readonly meterProvider?: MeterProvider;
  readonly logger: Logger;
  readonly version: string;
}

/**
 * settle's own metrics and health: an SDK MeterProvider read by the Prometheus exporter, served together with
 * `/healthz` on one HTTP server (our own, so both share the configured address).
 */
export class SelfTelemetry {
  readonly meterProvider: MeterProvider;
  private readonly prometheus: PrometheusExporter | undefined;
  private readonly sdk: SdkMeterProvider | undefined;
  private server: Server | undefined;
  private bound: ListenAddress | undefined;

  constructor(
    private readonly config: TelemetryConfig,
    private readonly options: SelfTelemetryOptions,
  ) {
    if (options.meterProvider !== undefined) {
      this.meterProvider = options.meterProvider;
    } else if (config.metrics.enabled) {
      this.prometheus = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
      this.sdk = new SdkMeterProvider({
        readers: [this.prometheus],
        resource: resourceFromAttributes({ 'service.name': 'settle', 'service.version': options.version }),
      });
      this.meterProvider = this.sdk;
    } else {
      const noop = createNoopMeter();
      this.meterProvider = { getMeter: () => noop };
    }
  }

  /** Address actually bound (port resolved when 0 was asked), or undefined when not serving. */
  address(): ListenAddress | undefined {
    return this.bound;
  }

  /** Starts serving `/metrics` and `/healthz`, unless telemetry is disabled. */
  async start(health: () => HealthReport): Promise<void> {
    if (!this.config.metrics.enabled || this.server !== undefined) return;
    const wanted = parseListenAddress(this.config.metrics.address);
    const server = createServer((req, res) => this.handle(req, res, health));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(
          new SettleError(
            'telemetry_listen_failed',
            `cannot serve self-telemetry on ${this.config.metrics.address} (${err.code ?? err.message}): ` +
              'set service.telemetry.metrics.address to a free port, or enabled: false',
            { cause: err, retryable: false },
          ),
        );
      });
      server.listen(wanted.port, wanted.host, () => resolve());
    });
    this.server = server;
    const info = server.address() as AddressInfo;
    this.bound = { host: info.address, port: info.port };
    this.options.logger.info({ address: `${info.address}:${info.port}` }, 'self-telemetry on /metrics and /healthz');
  }

  /** Stops the server and the SDK provider. Idempotent. */
  async shutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await this.sdk?.shutdown().catch((err: unknown) => this.options.logger.warn({ err }, 'meter provider shutdown'));
  }

  private handle(req: IncomingMessage, res: ServerResponse, health: () => HealthReport): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics' && this.prometheus !== undefined) {
      this.prometheus.getMetricsRequestHandler(req, res);
      return;
    }
    if (path === '/healthz') {
      const report = health();
      res.writeHead(report.healthy ? 200 : 503, { 'content-type': 'application/json' });
      res.end(`${JSON.stringify({ status: report.healthy ? 'ok' : 'unhealthy', components: report.components })}\n`);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found: try /metrics or /healthz\n');
  }
}
