/**
 * The benchmark's OTLP/gRPC receiver, in a worker thread so the sender and the server do not share one event
 * loop: a grpc-js MetricsService/Export that takes each request as bytes (no decoding: the tests check the
 * content; here only the transport is timed) and answers an empty ExportMetricsServiceResponse.
 */
import { parentPort } from 'node:worker_threads';
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { EXPORT_METHOD } from '../src/grpc/grpc-sender.js';

let requests = 0;
let bytes = 0;
const server = new Server();
server.addService(
  {
    Export: {
      path: EXPORT_METHOD,
      requestStream: false,
      responseStream: false,
      requestDeserialize: (b: Buffer) => b,
      requestSerialize: (b: Buffer) => b,
      responseSerialize: (b: Buffer) => b,
      responseDeserialize: (b: Buffer) => b,
    },
  },
  {
    Export: (call: ServerUnaryCall<Buffer, Buffer>, done: sendUnaryData<Buffer>) => {
      requests++;
      bytes += call.request.byteLength;
      done(null, Buffer.alloc(0));
    },
  },
);
server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, port) => {
  if (err !== null) throw err;
  parentPort!.postMessage({ port });
});
parentPort!.on('message', (msg: string) => {
  if (msg === 'stats') parentPort!.postMessage({ requests, bytes });
  else if (msg === 'stop') server.tryShutdown(() => process.exit(0));
});
