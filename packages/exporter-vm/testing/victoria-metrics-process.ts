import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildServer } from './child-server.js';
import { freePort } from './free-port.js';
import { sumMetric } from './prometheus-text.js';

export const DEFAULT_VM_BINARY = '/usr/bin/victoria-metrics';

/** The binary to use: $VICTORIA_METRICS_BIN, else the Debian package's. Undefined when absent. */
export function victoriaMetricsBinary(): string | undefined {
  const bin = process.env.VICTORIA_METRICS_BIN ?? DEFAULT_VM_BINARY;
  return existsSync(bin) ? bin : undefined;
}

/**
 * VictoriaMetrics 1.112 where scripts/fetch-vm-otlp.sh unpacks it (.cache/vm-otlp, as .ci/run does); undefined
 * when absent. Besides its OTLP endpoint (1.79 has none), its dedup keeps the LARGEST of equal-timestamp
 * samples (≥ 1.85; 1.79 keeps an arbitrary one): for counts that grow while they settle, the latest revision.
 */
export function victoriaMetrics112Binary(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  const bin = join(dir, '.cache', 'vm-otlp', 'usr', 'bin', 'victoria-metrics');
  return existsSync(bin) ? bin : undefined;
}

export const MISSING_VM112_MESSAGE =
  'VictoriaMetrics 1.112 not found at .cache/vm-otlp/usr/bin/victoria-metrics: run scripts/fetch-vm-otlp.sh (as .ci/run does)';

export const MISSING_VM_MESSAGE =
  'SKIPPED: victoria-metrics binary not found (install the Debian package `victoria-metrics`, as .ci/run does, or set VICTORIA_METRICS_BIN)';

export interface VictoriaMetricsOptions {
  readonly binary?: string;
  /** Reuse a data directory (restart tests); a fresh temp dir by default, removed by `cleanup`. */
  readonly dataDir?: string;
  /** Reuse a port (restart tests); a free one by default. */
  readonly port?: number;
  readonly extraArgs?: readonly string[];
  /** Require HTTP basic auth (-httpAuth.*); the helper's own requests send it. */
  readonly auth?: { readonly username: string; readonly password: string };
  /** Serve every path under this prefix (-http.pathPrefix, e.g. `/vm`); `url` includes it. */
  readonly pathPrefix?: string;
  /** Serve HTTPS with this certificate and key (PEM files); the helper trusts the certificate. */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
}

/** One exported series from /api/v1/export. */
export interface ExportedSeries {
  readonly metric: Record<string, string>;
  readonly values: number[];
  readonly timestamps: number[];
}

/**
 * A real VictoriaMetrics process on 127.0.0.1 for tests and benchmarks: started with dedup at 1 ms and no
 * latency offset so what was written can be read back at once, stopped by PID (SIGTERM, then SIGKILL).
 */
export class VictoriaMetricsProcess {
  private readonly server = new ChildServer('victoria-metrics');
  private ownsDataDir = false;
  port = 0;
  dataDir = '';

  constructor(private readonly options: VictoriaMetricsOptions = {}) {}

  get url(): string {
    return `${this.options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${this.port}${this.options.pathPrefix ?? ''}`;
  }

  get pid(): number | undefined {
    return this.server.pid;
  }

  async start(): Promise<void> {
    const binary = this.options.binary ?? victoriaMetricsBinary();
    if (binary === undefined) throw new Error(MISSING_VM_MESSAGE);
    if (this.dataDir === '') {
      this.ownsDataDir = this.options.dataDir === undefined;
      this.dataDir = this.options.dataDir ?? (await mkdtemp(join(tmpdir(), 'settle-vm-')));
    }
    if (this.port === 0) this.port = this.options.port ?? (await freePort());
    const args = [
      `-storageDataPath=${this.dataDir}`,
      `-httpListenAddr=127.0.0.1:${this.port}`,
      '-retentionPeriod=1y',
      '-dedup.minScrapeInterval=1ms',
      '-search.latencyOffset=0s',
      '-loggerLevel=ERROR',
      ...(this.options.auth === undefined
        ? []
        : [`-httpAuth.username=${this.options.auth.username}`, `-httpAuth.password=${this.options.auth.password}`]),
      ...(this.options.tls === undefined
        ? []
        : ['-tls', `-tlsCertFile=${this.options.tls.certFile}`, `-tlsKeyFile=${this.options.tls.keyFile}`]),
      ...(this.options.pathPrefix === undefined ? [] : [`-http.pathPrefix=${this.options.pathPrefix}`]),
      ...(this.options.extraArgs ?? []),
    ];
    await this.server.start(binary, args, async () => (await this.get('/health')).status === 200, this.url);
  }

  /** SIGTERM (VictoriaMetrics flushes to disk), SIGKILL if it has not exited after `timeoutMs`. */
  stop(timeoutMs = 15_000): Promise<void> {
    return this.server.stop(timeoutMs);
  }

  /** SIGKILL: VictoriaMetrics gets no chance to flush what it holds in memory. Resolves once it exited. */
  kill(): Promise<void> {
    return this.server.kill();
  }

  /** Stops the process and removes the data directory it created. */
  async cleanup(): Promise<void> {
    await this.stop();
    if (this.ownsDataDir && this.dataDir !== '') await rm(this.dataDir, { recursive: true, force: true });
  }

  /** Makes recently written samples visible to queries and exports at once. */
  async forceFlush(): Promise<void> {
    const res = await this.get('/internal/force_flush');
    if (res.status !== 200) throw new Error(`force_flush: HTTP ${res.status}`);
  }

  /** Raw samples of the series matching a selector, sorted by name and labels for stable assertions. */
  async export(match: string): Promise<ExportedSeries[]> {
    await this.forceFlush();
    const res = await this.get(`/api/v1/export?match[]=${encodeURIComponent(match)}`);
    if (res.status !== 200) throw new Error(`export: HTTP ${res.status} ${res.body}`);
    const series = res.body
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as ExportedSeries);
    return series.sort((a, b) => JSON.stringify(a.metric).localeCompare(JSON.stringify(b.metric)));
  }

  /** Sum of all samples of an own metric (e.g. vm_rows_invalid_total) over its label variants. */
  async selfMetric(name: string): Promise<number> {
    return sumMetric((await this.get('/metrics')).body, name);
  }

  /** GET on the process, with its auth and trusting its certificate. */
  async get(path: string): Promise<{ status: number; body: string }> {
    const { auth, tls } = this.options;
    const ca = tls === undefined ? undefined : await readFile(tls.certFile);
    const lib = tls === undefined ? http : https;
    return new Promise((resolve, reject) => {
      const req = lib.get(
        `${this.url}${path}`,
        {
          ...(auth === undefined ? {} : { auth: `${auth.username}:${auth.password}` }),
          ...(ca === undefined ? {} : { ca }),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
    });
  }
}
