import { rootCertificates } from 'node:tls';
import {
  Client,
  credentials,
  Metadata,
  type ChannelCredentials,
  type ChannelOptions,
  type ServiceError,
} from '@grpc/grpc-js';
import {
  permanentError,
  type Batch,
  type BatchSender,
  type Logger,
  type SendResult,
  type TlsSettings,
} from '@settle/core';
import type { TransportSettings } from '../config/settings.js';
import { encodeRequest } from '../encode/encode-request.js';
import { estimateSize } from '../encode/estimate-size.js';
import { deliveredFrom } from '../transport/classify.js';
import { errorForGrpcStatus } from './grpc-outcome.js';
import { readRetryHint, STATUS_DETAILS_KEY } from './status-details.js';

/** The one method of `opentelemetry.proto.collector.metrics.v1.MetricsService`. */
export const EXPORT_METHOD = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

/** grpc-js's value of `grpc.default_compression_algorithm` for gzip (0 = identity, 1 = deflate, 2 = gzip). */
const GZIP = 2;
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface OtlpGrpcSenderOptions {
  /** `url` is `http(s)://host:port`: https means TLS, http plaintext. */
  readonly transport: TransportSettings;
  readonly tls: TlsSettings;
  readonly logger: Logger;
}

// The request is already an encoded ExportMetricsServiceRequest and the reply is read by otlp-transformer, so
// grpc-js moves bytes only: no .proto file is loaded at run time.
const asIs = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Encode + call `MetricsService/Export` + classify, for OTLP/gRPC. Like the HTTP sender it never retries by
 * itself (grpc-js's own retries are switched off): the exporter helper alone decides whether and when.
 */
export class OtlpGrpcSender implements BatchSender {
  private readonly client: Client;
  private readonly metadata: Metadata;
  private readonly target: string;

  constructor(private readonly options: OtlpGrpcSenderOptions) {
    const url = new URL(options.transport.url);
    const secure = url.protocol === 'https:';
    const port = url.port === '' ? (secure ? '443' : '80') : url.port;
    this.target = `${url.protocol}//${url.hostname}:${port}`;
    const channelOptions: ChannelOptions = {
      'grpc.enable_retries': 0,
      ...(options.transport.compression === 'gzip' ? { 'grpc.default_compression_algorithm': GZIP } : {}),
    };
    this.client = new Client(`${url.hostname}:${port}`, channelCredentials(secure, options.tls), channelOptions);
    this.metadata = metadataOf(options.transport.headers);
  }

  send(batch: Batch, signal: AbortSignal): Promise<SendResult | undefined> {
    const { body } = encodeRequest(batch, 'http/protobuf');
    const { timeoutMs } = this.options.transport;
    return new Promise((resolve, reject) => {
      const call = this.client.makeUnaryRequest<Uint8Array, Buffer>(
        EXPORT_METHOD,
        asIs,
        (reply) => reply,
        body,
        this.metadata,
        // A deadline bounds a socket in real time (like HttpTransport's timeout), so it reads the wall clock;
        // grpc-js sends it to the server as grpc-timeout. Node's timers hold at most 2^31 - 1 ms.
        { deadline: Date.now() + Math.min(timeoutMs, MAX_TIMER_MS) },
        (err: ServiceError | null, reply?: Buffer) => {
          signal.removeEventListener('abort', onAbort);
          if (signal.aborted) reject(signal.reason as Error);
          else if (err !== null) reject(this.errorOf(err));
          else resolve(this.delivered(reply));
        },
      );
      // A declaration, so the callback above may name it whenever grpc-js calls back.
      function onAbort(): void {
        call.cancel();
      }
      if (signal.aborted) call.cancel();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  sizeOf(batch: Batch): number {
    return estimateSize(batch);
  }

  shutdown(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }

  private delivered(reply: Buffer | undefined): SendResult {
    const result = deliveredFrom(reply ?? Buffer.alloc(0), 'http/protobuf');
    if (result.rejectedPoints !== undefined || result.message !== undefined) {
      // The helper counts these and logs them once per outage; this line keeps every occurrence for debugging.
      this.options.logger.debug(
        { rejectedPoints: result.rejectedPoints ?? 0, message: result.message },
        'partial_success: rejected points are not retried',
      );
    }
    return result;
  }

  private errorOf(err: ServiceError): Error {
    const details = err.metadata?.get(STATUS_DETAILS_KEY)[0];
    const retry = readRetryHint(typeof details === 'string' ? undefined : details);
    return errorForGrpcStatus({ code: err.code, details: err.details, retry, target: this.target });
  }
}

/**
 * TLS for https endpoints: `tls.ca_file` is trusted besides the system CAs (grpc-js's root list replaces them,
 * so they are added back), `insecure_skip_verify` accepts any certificate and host name.
 */
function channelCredentials(secure: boolean, tls: TlsSettings): ChannelCredentials {
  if (!secure) return credentials.createInsecure();
  const roots =
    tls.ca === undefined ? null : Buffer.concat([Buffer.from(tls.ca), Buffer.from(`\n${rootCertificates.join('\n')}`)]);
  if (tls.insecureSkipVerify !== true) return credentials.createSsl(roots);
  return credentials.createSsl(roots, null, null, { rejectUnauthorized: false, checkServerIdentity: () => undefined });
}

/**
 * Why a header cannot travel as gRPC metadata (keys are lower-cased, as HTTP/2 requires), or undefined when it
 * can. Reserved keys (`grpc-*`, `content-type`, `te`) and keys outside [0-9a-z_.-] are configuration mistakes.
 */
export function grpcHeaderProblem(key: string, value: string): string | undefined {
  const name = key.toLowerCase();
  if (name.startsWith('grpc-') || name === 'content-type' || name === 'te') return `"${key}" is reserved by gRPC`;
  if (name.endsWith('-bin')) return `"${key}": binary (-bin) metadata cannot be configured as text`;
  if (!accepts(name, 'x')) return `"${key}" cannot be a gRPC metadata key (only 0-9 a-z _ . - are allowed)`;
  // The value itself may be a credential: the message names the header, never the value.
  if (!accepts('x', value)) return `the value of "${key}" has characters gRPC metadata cannot carry`;
  return undefined;
}

function accepts(key: string, value: string): boolean {
  try {
    new Metadata().set(key, value);
    return true;
  } catch {
    return false;
  }
}

function metadataOf(headers: Readonly<Record<string, string>>): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers)) {
    const problem = grpcHeaderProblem(key, value);
    if (problem !== undefined) throw permanentError('otlp.config', `headers: ${problem}`);
    metadata.set(key.toLowerCase(), value);
  }
  return metadata;
}
