import type { Batch } from '../model/types.js';

export interface SendResult {
  /** Points the backend refused although the request succeeded (OTLP partial_success). Counted + logged, not retried. */
  readonly rejectedPoints?: number;
  /**
   * Points the exporter itself left out because the backend would have dropped them silently (failed
   * validation: bad name, non-finite value, timestamp out of range). Counted as dropped{reason=invalid}, not sent.
   */
  readonly invalidPoints?: number;
  readonly message?: string;
}

/** The only thing an exporter writes: encode + send ONE batch and classify the outcome. */
export interface BatchSender {
  /**
   * Resolve on success. Throw: anything is retried unless it is a permanent SettleError (other 4xx, encoding
   * error); a throttled/retryable one may carry the peer's wait (core's errorForStatus and HttpTransport build
   * these). `signal` aborts on timeout/shutdown.
   */
  send(batch: Batch, signal: AbortSignal): Promise<SendResult | undefined>;
  /** Optional: encoded size in bytes, used to split/merge batches by `batch.max_bytes`. */
  sizeOf?(batch: Batch): number;
  /**
   * Optional: a cheap probe of the backend's identity since it last started (VictoriaMetrics: its
   * `process_start_time_seconds`). The helper calls it at most once per push cycle when `resend_window` is
   * set; a changed answer means the backend restarted and may have lost what it acknowledged shortly before,
   * so the window is sent again. Resolve `undefined` when the probe fails (unknown: nothing is concluded).
   */
  backendEpoch?(signal: AbortSignal): Promise<string | undefined>;
  /** Optional hooks run by the exporter's start/shutdown (e.g. open/close an HTTP agent). */
  start?(): Promise<void>;
  shutdown?(): Promise<void>;
}

/** Why points were dropped: the `reason` attribute of settle_exporter_dropped_points. */
export type DropReason =
  | 'permanent_error'
  | 'retries_exhausted'
  | 'retry_disabled'
  | 'rejected_by_backend'
  | 'invalid'
  | 'queue_full'
  | 'shutdown';
