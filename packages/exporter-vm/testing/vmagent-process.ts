import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ChildServer } from './child-server.js';
import { freePort } from './free-port.js';
import { sumMetric } from './prometheus-text.js';

export const DEFAULT_VMAGENT_BINARY = '/usr/bin/vmagent';

/** The binary to use: $VMAGENT_BIN, else the Debian `victoria-metrics` package's. Undefined when absent. */
export function vmagentBinary(): string | undefined {
  const bin = process.env.VMAGENT_BIN ?? DEFAULT_VMAGENT_BINARY;
  return existsSync(bin) ? bin : undefined;
}

export const MISSING_VMAGENT_MESSAGE =
  'SKIPPED: vmagent binary not found (the Debian package `victoria-metrics` ships /usr/bin/vmagent; or set VMAGENT_BIN)';

/**
 * A real vmagent on 127.0.0.1 in front of a VictoriaMetrics: it accepts what VictoriaMetrics accepts on its own
 * port (/api/v1/import, /api/v1/write, /metrics with process_start_time_seconds) with no extra flag, and
 * forwards it by remote write to `remoteWriteUrl` through its own disk queue (a fresh temp dir).
 */
export class VmagentProcess {
  private readonly server = new ChildServer('vmagent');
  private tmpDataPath = '';
  port = 0;

  constructor(
    /** Where vmagent forwards: a VictoriaMetrics' `/api/v1/write`. */
    private readonly remoteWriteUrl: string,
    private readonly binary: string | undefined = vmagentBinary(),
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.server.pid;
  }

  async start(): Promise<void> {
    if (this.binary === undefined) throw new Error(MISSING_VMAGENT_MESSAGE);
    if (this.tmpDataPath === '') this.tmpDataPath = await mkdtemp(join(tmpdir(), 'settle-vmagent-'));
    if (this.port === 0) this.port = await freePort();
    const args = [
      `-httpListenAddr=127.0.0.1:${this.port}`,
      `-remoteWrite.url=${this.remoteWriteUrl}`,
      `-remoteWrite.tmpDataPath=${this.tmpDataPath}`,
      '-loggerLevel=ERROR',
    ];
    await this.server.start(this.binary, args, async () => (await this.get('/health')).status === 200, this.url);
  }

  /**
   * Resolves once vmagent has forwarded everything it accepted: nothing pending in memory or on disk and no
   * block sent for `quietMs` (its in-memory buffer is flushed every second, -remoteWrite.flushInterval).
   */
  async drain(quietMs = 2_000, timeoutMs = 60_000): Promise<void> {
    let sent = -1;
    let since = Date.now();
    for (const start = Date.now(); Date.now() - start < timeoutMs; await delay(200)) {
      const metrics = (await this.get('/metrics')).body;
      const pending =
        sumMetric(metrics, 'vmagent_remotewrite_pending_data_bytes') +
        sumMetric(metrics, 'vmagent_remotewrite_pending_inmemory_blocks');
      const now = sumMetric(metrics, 'vmagent_remotewrite_blocks_sent_total');
      if (now !== sent || pending > 0) {
        sent = now;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) {
        return;
      }
    }
    throw new Error(`vmagent still had data pending after ${timeoutMs} ms`);
  }

  /** Rows vmagent accepted from its clients, over every protocol (vmagent_rows_inserted_total). */
  async rowsAccepted(): Promise<number> {
    return sumMetric((await this.get('/metrics')).body, 'vmagent_rows_inserted_total');
  }

  stop(timeoutMs = 15_000): Promise<void> {
    return this.server.stop(timeoutMs);
  }

  /** Stops vmagent and removes its queue directory. */
  async cleanup(): Promise<void> {
    await this.stop();
    if (this.tmpDataPath !== '') await rm(this.tmpDataPath, { recursive: true, force: true });
  }

  private async get(path: string): Promise<{ status: number; body: string }> {
    const res = await fetch(`${this.url}${path}`);
    return { status: res.status, body: await res.text() };
  }
}
