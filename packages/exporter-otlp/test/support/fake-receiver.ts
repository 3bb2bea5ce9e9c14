import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body after undoing Content-Encoding. */
  readonly body: Buffer;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
}

/**
 * A small OTLP/HTTP receiver on 127.0.0.1 that records every request and answers with scripted replies
 * (then 200 with an empty body), for what VictoriaMetrics never does: JSON, 429/503 + Retry-After,
 * partial_success, 400.
 */
export class FakeReceiver {
  readonly requests: ReceivedRequest[] = [];
  private replies: Reply[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  private server: Server | undefined;

  /** Listens on 127.0.0.1; with `tls` (PEM key and certificate) it serves https. Returns the base URL. */
  async start(tls?: { key: string; cert: string }): Promise<string> {
    const handle = (req: IncomingMessage, res: ServerResponse): void => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
        const reply = this.replies.shift() ?? { status: 200 };
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body ?? '');
        this.waiters = this.waiters.filter((w) => {
          if (this.requests.length < w.count) return true;
          w.resolve();
          return false;
        });
      });
    };
    this.server = tls === undefined ? createServer(handle) : createHttpsServer(tls, handle);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const scheme = tls === undefined ? 'http' : 'https';
    return `${scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues replies for the next requests, in order. */
  reply(...replies: Reply[]): void {
    this.replies.push(...replies);
  }

  /** Resolves once `count` requests in total have been received. */
  received(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  reset(): void {
    this.requests.length = 0;
    this.replies = [];
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
