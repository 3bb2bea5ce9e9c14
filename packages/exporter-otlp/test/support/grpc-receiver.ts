import { createRequire } from 'node:module';
import {
  Metadata,
  Server,
  ServerCredentials,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import protobuf from 'protobufjs';

/**
 * The official OTLP messages, as protobufjs code generated from opentelemetry-proto's .proto files: the
 * `@opentelemetry/otlp-transformer` releases that still shipped it (0.203, installed as `otlp-proto-official`).
 * The exporter under test encodes with a later, hand-written serializer, so this decodes the wire independently.
 */
const official = createRequire(import.meta.url)('otlp-proto-official/build/src/generated/root.js') as OfficialRoot;
const v1 = official.opentelemetry.proto.collector.metrics.v1;

interface Codec<T> {
  decode(bytes: Uint8Array): T;
  encode(message: T): { finish(): Uint8Array };
  toObject(message: T, options: { longs: StringConstructor; defaults: boolean }): Record<string, unknown>;
  fromObject(object: Record<string, unknown>): T;
}
interface OfficialRoot {
  opentelemetry: {
    proto: {
      collector: {
        metrics: { v1: { ExportMetricsServiceRequest: Codec<unknown>; ExportMetricsServiceResponse: Codec<unknown> } };
      };
    };
  };
}

// google.rpc.Status and google.rpc.RetryInfo as googleapis defines them (status.proto, error_details.proto), on
// protobufjs's bundled copies of the well-known Any and Duration, for the trailer a failing server sends
// (`grpc-status-details-bin`).
const wellKnown = new protobuf.Root();
for (const file of ['google/protobuf/any.proto', 'google/protobuf/duration.proto']) {
  wellKnown.addJSON(protobuf.common.get(file)!.nested!);
}
const rpc = protobuf.parse(
  `syntax = "proto3";
   package google.rpc;
   message Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
   message RetryInfo { google.protobuf.Duration retry_delay = 1; }`,
  wellKnown,
  { keepCase: true },
).root;
rpc.resolveAll();
const StatusType = rpc.lookupType('google.rpc.Status');
const RetryInfoType = rpc.lookupType('google.rpc.RetryInfo');

/** An ExportMetricsServiceRequest as the official decoder reads it (64-bit integers as strings, defaults set). */
export type DecodedRequest = Record<string, unknown>;

export interface ReceivedCall {
  readonly request: DecodedRequest;
  readonly metadata: Record<string, unknown>;
}

/** What the server answers to one call: success (maybe partial) or a status, maybe with a RetryInfo. */
export type GrpcReply =
  | { readonly partial: { readonly rejected: number; readonly message: string } }
  | { readonly delayMs: number }
  | { readonly code: number; readonly details?: string; readonly retryDelay?: { seconds: number; nanos?: number } };

/** Encodes a google.rpc.Status carrying a RetryInfo with this delay. */
export function statusWithRetryInfo(code: number, message: string, delay: { seconds: number; nanos?: number }) {
  const retryInfo = RetryInfoType.encode(RetryInfoType.fromObject({ retry_delay: delay })).finish();
  const status = StatusType.fromObject({
    code,
    message,
    details: [{ type_url: 'type.googleapis.com/google.rpc.RetryInfo', value: retryInfo }],
  });
  return Buffer.from(StatusType.encode(status).finish());
}

/**
 * A real OTLP/gRPC MetricsService on 127.0.0.1 (grpc-js server, random port, plaintext or TLS) that decodes each
 * request with the official definitions, records it with its metadata and answers with scripted replies
 * (then plain success).
 */
export class GrpcReceiver {
  readonly calls: ReceivedCall[] = [];
  private replies: GrpcReply[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  private server: Server | undefined;

  /** Returns the endpoint (`http://127.0.0.1:port`, or `https://` with `tls`). */
  async start(tls?: { key: string; cert: string }): Promise<string> {
    const server = new Server();
    const service: ServiceDefinition = {
      Export: {
        path: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
        requestStream: false,
        responseStream: false,
        requestDeserialize: (b: Buffer) => v1.ExportMetricsServiceRequest.decode(b),
        requestSerialize: (m: unknown) => Buffer.from(v1.ExportMetricsServiceRequest.encode(m).finish()),
        responseSerialize: (m: unknown) => Buffer.from(v1.ExportMetricsServiceResponse.encode(m).finish()),
        responseDeserialize: (b: Buffer) => v1.ExportMetricsServiceResponse.decode(b),
      },
    };
    server.addService(service, {
      Export: (call: ServerUnaryCall<unknown, unknown>, done: sendUnaryData<unknown>) => this.handle(call, done),
    });
    const credentials =
      tls === undefined
        ? ServerCredentials.createInsecure()
        : ServerCredentials.createSsl(null, [{ private_key: Buffer.from(tls.key), cert_chain: Buffer.from(tls.cert) }]);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', credentials, (err, p) => (err === null ? resolve(p) : reject(err))),
    );
    this.server = server;
    return `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`;
  }

  reply(...replies: GrpcReply[]): void {
    this.replies.push(...replies);
  }

  received(count: number): Promise<void> {
    if (this.calls.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  reset(): void {
    this.calls.length = 0;
    this.replies = [];
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.forceShutdown();
    this.server = undefined;
    return Promise.resolve();
  }

  private handle(call: ServerUnaryCall<unknown, unknown>, done: sendUnaryData<unknown>): void {
    const request = v1.ExportMetricsServiceRequest.toObject(call.request, { longs: String, defaults: true });
    this.calls.push({ request, metadata: call.metadata.getMap() });
    const reply = this.replies.shift();
    if (reply !== undefined && 'delayMs' in reply) {
      // A slow server: success, but later than the client's deadline (the timer is unref'd: stop() ends it).
      setTimeout(() => done(null, v1.ExportMetricsServiceResponse.fromObject({})), reply.delayMs).unref();
    } else if (reply === undefined) done(null, v1.ExportMetricsServiceResponse.fromObject({}));
    else if ('partial' in reply) {
      const partialSuccess = { rejectedDataPoints: reply.partial.rejected, errorMessage: reply.partial.message };
      done(null, v1.ExportMetricsServiceResponse.fromObject({ partialSuccess }));
    } else {
      const metadata = new Metadata();
      if (reply.retryDelay !== undefined) {
        metadata.set('grpc-status-details-bin', statusWithRetryInfo(reply.code, reply.details ?? '', reply.retryDelay));
      }
      done({ code: reply.code, details: reply.details ?? '', metadata });
    }
    this.waiters = this.waiters.filter((w) => {
      if (this.calls.length < w.count) return true;
      w.resolve();
      return false;
    });
  }
}
