import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PeerReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
  /** Never answer (to exercise timeouts); the connection is closed when the peer stops. */
  readonly hang?: boolean;
}

export interface PeerRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: { query?: string; variables?: Record<string, unknown> } | undefined;
}

export interface Peer {
  readonly url: string;
  readonly graphqlUrl: string;
  readonly requests: PeerRequest[];
  close(): Promise<void>;
}

/**
 * A tiny real HTTP server that answers with scripted Cloudflare replies, for error shapes the simulator does
 * not produce. GraphQL requests get `graphql(n)` (n counts from 0); everything else gets `rest(path)`.
 */
export async function startPeer(
  graphql: (n: number, request: PeerRequest) => PeerReply,
  rest: (path: string) => PeerReply = () => ({
    status: 404,
    body: { success: false, errors: [{ code: 7000, message: 'No route for that URI' }] },
  }),
): Promise<Peer> {
  const requests: PeerRequest[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const request: PeerRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body: text === '' ? undefined : (JSON.parse(text) as PeerRequest['body']),
      };
      requests.push(request);
      const reply = path.startsWith('/client/v4/graphql') ? graphql(n++, request) : rest(path);
      if (reply.hang === true) return;
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    graphqlUrl: `${url}/client/v4/graphql`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const ZONE_A = 'a'.repeat(32);
export const ZONE_B = 'b'.repeat(32);

/** A well-formed httpRequests1mGroups reply with one minute per zone. */
export function httpReply(zoneTags: readonly string[], minuteMs: number, requests = 10): unknown {
  return {
    data: {
      viewer: {
        zones: zoneTags.map((zoneTag) => ({
          zoneTag,
          httpRequests1mGroups: [
            {
              dimensions: { datetimeMinute: new Date(minuteMs).toISOString().replace('.000Z', 'Z') },
              sum: { requests },
              uniq: { uniques: 1 },
            },
          ],
        })),
      },
    },
    errors: null,
  };
}
