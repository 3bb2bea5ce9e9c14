import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { SettleError } from '@settle/core';
import { errorForStatus, errorForTransport } from './classify.js';

export interface HttpClientOptions {
  readonly endpoint: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly caFile?: string | undefined;
  readonly insecureSkipVerify: boolean;
  readonly now: () => number;
}

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

/** POSTs over a keep-alive agent and classifies failures into retryable and permanent SettleErrors. */
export class HttpClient {
  private agent: http.Agent | undefined;

  constructor(private readonly options: HttpClientOptions) {}

  /** Where requests go, without credentials: safe to log. */
  get target(): string {
    const u = new URL(this.options.endpoint);
    u.username = '';
    u.password = '';
    return u.origin;
  }

  async start(): Promise<void> {
    const { endpoint, caFile, insecureSkipVerify } = this.options;
    if (endpoint.protocol === 'https:') {
      let ca: Buffer | undefined;
      if (caFile !== undefined) {
        try {
          ca = await readFile(caFile);
        } catch (err) {
          throw new SettleError('config_invalid', `tls.ca_file: cannot read ${caFile}: ${(err as Error).message}`);
        }
      }
      this.agent = new https.Agent({
        keepAlive: true,
        rejectUnauthorized: !insecureSkipVerify,
        ...(ca === undefined ? {} : { ca }),
      });
    } else {
      this.agent = new http.Agent({ keepAlive: true });
    }
  }

  shutdown(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }

  /** Resolves with a 2xx response; rejects with a classified SettleError otherwise. */
  post(
    path: string,
    body: Buffer,
    headers: Readonly<Record<string, string>>,
    signal: AbortSignal,
  ): Promise<HttpResponse> {
    const url = new URL(path, this.options.endpoint);
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          signal,
          headers: { ...this.options.headers, ...headers, 'Content-Length': String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) => reject(errorForTransport(err, this.target)));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const text = Buffer.concat(chunks).toString('utf8');
            if (status >= 200 && status < 300) resolve({ status, body: text });
            else reject(errorForStatus(status, text, header(res.headers['retry-after']), this.options.now()));
          });
        },
      );
      req.on('error', (err) => reject(signal.aborted ? (signal.reason as Error) : errorForTransport(err, this.target)));
      req.end(body);
    });
  }
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
