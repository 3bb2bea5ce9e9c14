import { promisify } from 'node:util';
import { gzip as gzipCallback, constants as zlibConstants } from 'node:zlib';
import type { Counter } from '@opentelemetry/api';
import type { Batch, BatchSender, ComponentContext, SendResult } from '@settle/core';
import snappy from 'snappyjs';
import type { VmConfig } from './config.js';
import { MAX_FUTURE_MS } from './config.js';
import { type RejectReason, groupSeries } from './group-series.js';
import { HttpClient } from './http-client.js';
import { encodeImport } from './import-encoder.js';
import { encodeWriteRequest } from './remote-write-encoder.js';

const gzip = promisify(gzipCallback);

/**
 * Encodes a batch for VictoriaMetrics (import JSON lines, or remote write) and posts it. Points the backend
 * would drop silently are left out, counted in settle_exporter_rejected_points{reason} and logged once per reason.
 */
export class VmSender implements BatchSender {
  private readonly http: HttpClient;
  private readonly rejectedCounter: Counter;
  private readonly loggedReasons = new Set<RejectReason>();

  constructor(
    private readonly ctx: ComponentContext,
    private readonly config: VmConfig,
  ) {
    const headers: Record<string, string> = {};
    if (config.basic_auth !== undefined) {
      const { username, password } = config.basic_auth;
      headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    }
    if (config.bearer_token !== undefined) headers.Authorization = `Bearer ${config.bearer_token}`;
    this.http = new HttpClient({
      endpoint: new URL(config.endpoint),
      headers,
      caFile: config.tls.ca_file,
      insecureSkipVerify: config.tls.insecure_skip_verify,
      now: () => ctx.clock.now(),
    });
    this.rejectedCounter = ctx.meter.createCounter('settle_exporter_rejected_points', {
      unit: '{point}',
      description: 'Points not sent because the backend would drop them silently, by reason.',
    });
  }

  async start(): Promise<void> {
    await this.http.start();
    this.ctx.logger.info({ endpoint: this.http.target, format: this.config.format }, 'victoriametrics exporter ready');
  }

  shutdown(): Promise<void> {
    this.http.shutdown();
    return Promise.resolve();
  }

  /** A cheap over-estimate of the uncompressed body, for splitting requests by batch.max_bytes. */
  sizeOf(batch: Batch): number {
    let bytes = 0;
    for (const m of batch.metrics) bytes += 128 + m.points.length * 64;
    return bytes;
  }

  async send(batch: Batch, signal: AbortSignal): Promise<SendResult | undefined> {
    const now = this.ctx.clock.now();
    const grouped = groupSeries(batch, {
      timestamp: this.config.timestamp,
      extraLabels: this.config.extra_labels,
      minMs: now - this.config.max_age,
      maxMs: now + MAX_FUTURE_MS,
    });
    let invalid = 0;
    for (const [reason, { count, example }] of grouped.rejected) {
      invalid += count;
      this.rejectedCounter.add(count, { exporter: this.ctx.id, reason });
      this.logRejected(reason, count, example);
    }
    if (grouped.series.length > 0) await this.post(grouped.series, signal);
    return invalid > 0 ? { invalidPoints: invalid } : undefined;
  }

  private async post(series: Parameters<typeof encodeImport>[0], signal: AbortSignal): Promise<void> {
    const remoteWrite = this.config.format === 'remote_write';
    if (remoteWrite) {
      const body = Buffer.from(snappy.compress(encodeWriteRequest(series)));
      await this.http.post(this.config.remote_write_path, body, REMOTE_WRITE_HEADERS, signal);
      return;
    }
    const raw = Buffer.from(encodeImport(series));
    if (this.config.compression === 'none') {
      await this.http.post('/api/v1/import', raw, { 'Content-Type': 'application/json' }, signal);
      return;
    }
    // Level 1: timestamps and label lines compress well even at the fastest level; CPU matters more here.
    const body = await gzip(raw, { level: zlibConstants.Z_BEST_SPEED });
    await this.http.post('/api/v1/import', body, GZIP_HEADERS, signal);
  }

  private logRejected(reason: RejectReason, count: number, example: string): void {
    const fields = { reason, count, example };
    if (this.loggedReasons.has(reason)) {
      this.ctx.logger.debug(fields, 'points not sent');
      return;
    }
    this.loggedReasons.add(reason);
    this.ctx.logger.warn(
      fields,
      `points not sent to VictoriaMetrics (${reason}); it would drop them silently. Further ones are counted in settle_exporter_rejected_points`,
    );
  }
}

const GZIP_HEADERS = { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' };
const REMOTE_WRITE_HEADERS = {
  'Content-Type': 'application/x-protobuf',
  'Content-Encoding': 'snappy',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
};
