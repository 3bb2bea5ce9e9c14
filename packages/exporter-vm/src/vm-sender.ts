import { readFile } from 'node:fs/promises';
import type { Counter } from '@opentelemetry/api';
import {
  HttpTransport,
  SettleError,
  bodySnippet,
  errorForStatus,
  targetOf,
  type Batch,
  type BatchSender,
  type ComponentContext,
  type SendResult,
} from '@settle/core';
import snappy from 'snappyjs';
import { VM_STATUSES } from './classify.js';
import type { VmConfig } from './config.js';
import { MAX_FUTURE_MS } from './config.js';
import { type RejectReason, groupSeries } from './group-series.js';
import { encodeImport } from './import-encoder.js';
import { encodeWriteRequest } from './remote-write-encoder.js';

/**
 * Encodes a batch for VictoriaMetrics (import JSON lines, or remote write) and posts it. Points the backend
 * would drop silently are left out, counted in settle_exporter_rejected_points{reason} and logged once per reason.
 */
export class VmSender implements BatchSender {
  private readonly endpoint: URL;
  /** Where requests go, without credentials: safe to log. */
  private readonly target: string;
  private readonly headers: Record<string, string> = {};
  private transport: HttpTransport | undefined;
  private readonly rejectedCounter: Counter;
  private readonly loggedReasons = new Set<RejectReason>();

  constructor(
    private readonly ctx: ComponentContext,
    private readonly config: VmConfig,
  ) {
    if (config.basic_auth !== undefined) {
      const { username, password } = config.basic_auth;
      this.headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    }
    if (config.bearer_token !== undefined) this.headers.Authorization = `Bearer ${config.bearer_token}`;
    this.endpoint = new URL(config.endpoint);
    this.target = targetOf(this.endpoint);
    this.rejectedCounter = ctx.meter.createCounter('settle_exporter_rejected_points', {
      unit: '{point}',
      description: 'Points not sent because the backend would drop them silently, by reason.',
    });
  }

  async start(): Promise<void> {
    const { ca_file: caFile, insecure_skip_verify: insecureSkipVerify } = this.config.tls;
    let ca: Buffer | undefined;
    if (caFile !== undefined) {
      try {
        ca = await readFile(caFile);
      } catch (err) {
        throw new SettleError('config_invalid', `tls.ca_file: cannot read ${caFile}: ${(err as Error).message}`, {
          retryable: false,
        });
      }
    }
    this.transport = new HttpTransport({
      timeoutMs: this.config.timeout,
      tls: { insecureSkipVerify, ...(ca === undefined ? {} : { ca }) },
    });
    this.ctx.logger.info({ endpoint: this.target, format: this.config.format }, 'victoriametrics exporter ready');
  }

  shutdown(): Promise<void> {
    this.transport?.close();
    this.transport = undefined;
    return Promise.resolve();
  }

  /**
   * VictoriaMetrics' start time (`process_start_time_seconds` on its /metrics): a change between two push
   * cycles means it restarted and may have lost the samples it acknowledged in the seconds before. Undefined
   * when the probe fails or is off (a remote-write receiver without /metrics).
   */
  async backendEpoch(signal: AbortSignal): Promise<string | undefined> {
    if (this.transport === undefined || this.config.probe_path === '') return undefined;
    try {
      const res = await this.transport.request({
        method: 'GET',
        url: this.under(this.config.probe_path),
        headers: this.headers,
        signal,
      });
      if (res.status !== 200) return undefined;
      return START_TIME.exec(res.body.toString())?.[1];
    } catch {
      return undefined;
    }
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
    if (this.config.format === 'remote_write') {
      const body = Buffer.from(snappy.compress(encodeWriteRequest(series)));
      await this.postTo(this.config.remote_write_path, body, REMOTE_WRITE_HEADERS, false, signal);
      return;
    }
    // gzip at the fastest level (the transport's): timestamps and label lines compress well even so.
    const gzip = this.config.compression !== 'none';
    await this.postTo('/api/v1/import', Buffer.from(encodeImport(series)), JSON_HEADERS, gzip, signal);
  }

  /** Resolves on 2xx; throws core's classified error otherwise (500 retried: see VM_STATUSES). */
  private async postTo(
    path: string,
    body: Buffer,
    headers: Readonly<Record<string, string>>,
    gzip: boolean,
    signal: AbortSignal,
  ): Promise<void> {
    if (this.transport === undefined) throw new SettleError('exporter_not_started', 'not started');
    const res = await this.transport.request({
      method: 'POST',
      url: this.under(path),
      headers: { ...this.headers, ...headers },
      body,
      gzip,
      signal,
    });
    const detail = bodySnippet(res.body);
    const error = errorForStatus({
      ...res,
      target: this.target,
      detail,
      nowMs: this.ctx.clock.now(),
      table: VM_STATUSES,
    });
    if (error !== undefined) throw error;
  }

  /**
   * `path` under the endpoint's own path, not in place of it: `http://vminsert:8480/insert/0/prometheus` +
   * `/api/v1/import`, or a VictoriaMetrics behind `-http.pathPrefix`.
   */
  private under(path: string): URL {
    return new URL(`${this.endpoint.pathname.replace(/\/+$/, '')}${path}`, this.endpoint);
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

const START_TIME = /^process_start_time_seconds (\S+)$/m;
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const REMOTE_WRITE_HEADERS = {
  'Content-Type': 'application/x-protobuf',
  'Content-Encoding': 'snappy',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
};
