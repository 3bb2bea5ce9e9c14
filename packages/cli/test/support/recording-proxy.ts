import http from 'node:http';
import { gunzipSync } from 'node:zlib';

/** One import request the proxy forwarded: its samples as `labels@timestamp=value`. */
export interface RecordedRequest {
  readonly samples: string[];
  /** The backend answered, but the client was gone before the proxy passed the answer on. */
  orphaned: boolean;
}

/**
 * A recording proxy on 127.0.0.1 in front of VictoriaMetrics: forwards every request, records the samples of
 * each /api/v1/import, and can hold the backend's answer back for a while (`holdNextReply`), so a test can
 * kill the client between the backend's ack and the client reading it.
 */
export class RecordingProxy {
  readonly requests: RecordedRequest[] = [];
  private server: http.Server | undefined;
  private hold: { ms: number; onHolding: () => void } | undefined;
  port = 0;

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => void this.forward(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** The next import's answer waits `ms` after the backend gave it; resolves when that wait begins. */
  holdNextReply(ms: number): Promise<void> {
    return new Promise((resolve) => (this.hold = { ms, onHolding: resolve }));
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const isImport = req.method === 'POST' && req.url?.startsWith('/api/v1/import') === true;
    let clientGone = false;
    res.on('close', () => (clientGone = !res.writableFinished));
    const answer = await this.send(req, body);
    let record: RecordedRequest | undefined;
    if (isImport && answer.status < 300) {
      record = {
        samples: samplesOf(req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body),
        orphaned: false,
      };
      this.requests.push(record);
      const hold = this.hold;
      if (hold !== undefined) {
        this.hold = undefined;
        hold.onHolding();
        await new Promise((r) => setTimeout(r, hold.ms));
      }
    }
    if (clientGone || res.destroyed) {
      if (record !== undefined) record.orphaned = true;
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }

  private send(
    req: http.IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    const url = new URL(req.url ?? '/', this.target);
    return new Promise((resolve, reject) => {
      const out = http.request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (r) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => resolve({ status: r.statusCode ?? 502, headers: r.headers, body: Buffer.concat(parts) }));
        r.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });
  }
}

function samplesOf(body: Buffer): string[] {
  const out: string[] = [];
  for (const line of body.toString().split('\n')) {
    if (line.trim() === '') continue;
    const s = JSON.parse(line) as { metric: Record<string, string>; values: number[]; timestamps: number[] };
    const labels = JSON.stringify(Object.fromEntries(Object.entries(s.metric).sort()));
    s.timestamps.forEach((t, i) => out.push(`${labels}@${t}=${s.values[i]}`));
  }
  return out;
}
