import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where scripts/fetch-vm-otlp.sh unpacks VictoriaMetrics 1.112 (the first version here with OTLP). */
export function victoriaBinary(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (pnpm-workspace.yaml)');
    dir = up;
  }
  return join(dir, '.cache', 'vm-otlp', 'usr', 'bin', 'victoria-metrics');
}

export const MISSING_BINARY =
  'VictoriaMetrics 1.112 (OTLP receiver) not found at .cache/vm-otlp/usr/bin/victoria-metrics: ' +
  'run scripts/fetch-vm-otlp.sh; the real-receiver tests are SKIPPED';

export interface ExportedSeries {
  readonly metric: Record<string, string>;
  readonly values: number[];
  readonly timestamps: number[];
}

/**
 * A real VictoriaMetrics on a random 127.0.0.1 port with its own temp directory, stopped by PID. Flags as in
 * backends.md: dedup so retries do not duplicate samples, no latency offset, a retention that keeps old data.
 */
export class Victoria {
  private child: ChildProcess | undefined;
  private dir = '';
  private output = '';
  base = '';

  async start(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'vm-otlp-'));
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    this.child = spawn(
      victoriaBinary(),
      [
        `-storageDataPath=${join(this.dir, 'data')}`,
        `-httpListenAddr=127.0.0.1:${port}`,
        '-retentionPeriod=100y',
        '-dedup.minScrapeInterval=1ms',
        '-search.latencyOffset=0s',
        '-loggerLevel=WARN',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-8_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    for (let i = 0; i < 300; i++) {
      if (this.child.exitCode !== null) throw new Error(`victoria-metrics exited: ${this.output}`);
      try {
        if ((await fetch(`${this.base}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`victoria-metrics did not become healthy: ${this.output}`);
  }

  /** The OTLP/HTTP metrics endpoint. */
  get otlpUrl(): string {
    return `${this.base}/opentelemetry/v1/metrics`;
  }

  /** Raw samples of the series matching `selector`, after making recent writes visible. */
  async export(selector: string): Promise<ExportedSeries[]> {
    await fetch(`${this.base}/internal/force_flush`);
    const res = await fetch(`${this.base}/api/v1/export?match[]=${encodeURIComponent(selector)}`);
    if (!res.ok) throw new Error(`export failed: HTTP ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as ExportedSeries);
  }

  /** A counter from VictoriaMetrics' own /metrics (e.g. vm_rows_invalid_total), summed over its labels. */
  async selfMetric(name: string): Promise<number> {
    const text = await (await fetch(`${this.base}/metrics`)).text();
    let total = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) total += Number(line.split(' ').pop());
    }
    return total;
  }

  logs(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGTERM');
      await exited;
    }
    if (this.dir !== '') await rm(this.dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr !== null ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
