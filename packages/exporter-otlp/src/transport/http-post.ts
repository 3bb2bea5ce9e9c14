import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface TlsOptions {
  /** PEM contents of extra CAs to trust. */
  readonly ca?: string | Buffer;
  readonly rejectUnauthorized: boolean;
}

/** Receivers answer with small bodies; a huge one is a misbehaving server, not something to buffer. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/**
 * POSTs bodies to one URL over a keep-alive agent. Thin on purpose: no retries, no classification, so the
 * exporter helper stays the only place that decides whether and when to try again.
 */
export class HttpPoster {
  private readonly url: URL;
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;

  constructor(url: string, tls: TlsOptions) {
    this.url = new URL(url);
    const https = this.url.protocol === 'https:';
    this.send = https ? httpsRequest : httpRequest;
    this.agent = https
      ? new HttpsAgent({
          keepAlive: true,
          ...(tls.ca === undefined ? {} : { ca: tls.ca }),
          rejectUnauthorized: tls.rejectUnauthorized,
        })
      : new HttpAgent({ keepAlive: true });
  }

  post(body: Uint8Array, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const req = this.send(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          signal,
          headers: { ...headers, 'Content-Length': String(body.byteLength) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
