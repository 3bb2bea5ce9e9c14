import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { promisify } from 'node:util';
import { createGunzip, gzip as gzipCallback, constants as zlib } from 'node:zlib';
import { MAX_TIMER_MS } from '../clock/safe-timeout.js';
import { errorForTransport, timeoutError, tooLargeError } from './transport-error.js';

const gzip = promisify(gzipCallback);

/** The default cap on a response body (after gzip decoding): far above any reply settle expects. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** The default per-request timeout, when neither the transport nor the request sets one. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface TlsSettings {
  /** PEM of extra CAs to trust, besides the system ones. */
  readonly ca?: string | Buffer;
  /** Accept any certificate. For tests against self-signed servers only. */
  readonly insecureSkipVerify?: boolean;
}

export interface HttpTransportOptions {
  readonly tls?: TlsSettings;
  /** Cap on a response body, after decoding; a bigger one aborts the request. Default 64 MiB. */
  readonly maxResponseBytes?: number;
  /** Per-request timeout unless the request sets its own. Default 30 s. */
  readonly timeoutMs?: number;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: string | URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
  /** Compress the body with gzip (fastest level: CPU matters more than bytes here). */
  readonly gzip?: boolean;
  readonly timeoutMs?: number;
  /** Shutdown: aborting rejects with the signal's reason, unclassified. */
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The whole body, gzip decoded. */
  readonly body: Buffer;
}

/** What components need of HTTP: one request, one response. Tests and tools may wrap it (e.g. to count). */
export interface HttpExchange {
  request(req: HttpRequest): Promise<HttpResponse>;
}

/**
 * The one HTTP client (node:http/https): keep-alive agents, a per-request timeout, TLS options, gzip both ways,
 * a cap on response size, and no redirects (a 3xx is returned as it is; classification makes it permanent).
 * It resolves with every status; it rejects with a classified SettleError when there is no usable response
 * (see transport-error.ts), or with the caller's abort reason on shutdown. Status handling is `errorForStatus`.
 */
export class HttpTransport implements HttpExchange {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent: https.Agent;
  private readonly maxBytes: number;
  private readonly timeoutMs: number;

  constructor(options: HttpTransportOptions = {}) {
    const tls = options.tls ?? {};
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      rejectUnauthorized: tls.insecureSkipVerify !== true,
      // Node's `ca` replaces the system roots; the extra CAs are trusted besides them, as documented.
      ...(tls.ca === undefined ? {} : { ca: [...rootCertificates, tls.ca] }),
    });
    this.maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    const target = targetOf(url);
    const raw = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
    const body = raw !== undefined && req.gzip === true ? await gzip(raw, { level: zlib.Z_BEST_SPEED }) : raw;
    // Node's timers hold at most 2^31 - 1 ms; a longer one fires at once (with a TimeoutOverflowWarning).
    const timeoutMs = Math.min(req.timeoutMs ?? this.timeoutMs, MAX_TIMER_MS);
    const timeout = AbortSignal.timeout(timeoutMs); // real time: it bounds a socket, not a schedule
    const signal = req.signal === undefined ? timeout : AbortSignal.any([req.signal, timeout]);
    const headers: Record<string, string> = { 'accept-encoding': 'gzip', ...req.headers };
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    if (req.gzip === true && body !== undefined) headers['content-encoding'] = 'gzip';
    const https_ = url.protocol === 'https:';
    const agent = https_ ? this.httpsAgent : this.httpAgent;
    try {
      try {
        return await this.send(url, { method: req.method, agent, signal, headers }, body, target);
      } catch (err) {
        // A keep-alive socket the server closed just as we reused it (its idle timeout raced our request): sent
        // once more on a fresh socket, as Node's docs advise for `request.reusedSocket`. Harmless for settle's
        // requests even if the first did arrive: queries are reads, and a push repeats identical values.
        if (!(err instanceof StaleSocketError)) throw err;
        return await this.send(url, { method: req.method, agent, signal, headers }, body, target);
      }
    } catch (err) {
      if (req.signal?.aborted === true) throw req.signal.reason;
      if (timeout.aborted) throw timeoutError(target, timeoutMs);
      throw errorForTransport(err instanceof StaleSocketError ? err.cause : err, target);
    }
  }

  /** One attempt: resolves with the response, or rejects with the socket's error (StaleSocketError, see above). */
  private send(url: URL, options: http.RequestOptions, body: Uint8Array | undefined, target: string) {
    return new Promise<HttpResponse>((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(url, options, (res) => {
        readBody(res, this.maxBytes, target).then(
          (buf) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buf }),
          (err: Error) => {
            request.destroy();
            reject(err);
          },
        );
      });
      request.on('error', (err: NodeJS.ErrnoException) => {
        const stale = request.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
        reject(stale ? new StaleSocketError(err) : err);
      });
      request.end(body);
    });
  }

  /** Closes idle keep-alive sockets; requests in flight fail. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/** The server closed a reused keep-alive socket before answering: safe to send once more. */
class StaleSocketError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

/** Where a request goes, without credentials or path: safe to log. */
export function targetOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** Reads the body, gzip-decoded, failing as soon as it passes `max` bytes (a gzip bomb included). */
function readBody(res: IncomingMessage, max: number, target: string): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return Promise.reject(tooLargeError(target, max));
  const gzipped = /^\s*(x-)?gzip\s*$/i.test(res.headers['content-encoding'] ?? '');
  const stream = gzipped ? res.pipe(createGunzip()) : res;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (err: Error): void => {
      res.destroy();
      if (stream !== res) stream.destroy();
      reject(err);
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) fail(tooLargeError(target, max));
      else chunks.push(chunk);
    });
    stream.on('error', fail);
    if (stream !== res) res.on('error', fail);
    stream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
