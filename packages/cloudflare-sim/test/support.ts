import {
  createVirtualClock,
  startSimulatorServer,
  type SimulatorServer,
  type SimulatorServerOptions,
  type VirtualClock,
} from '../src/index.js';

export const TOKEN = 'sim-token';
/** A whole minute, so windows and buckets line up in assertions. */
export const START = Date.UTC(2026, 0, 15, 12, 0, 0);

export interface Harness {
  readonly server: SimulatorServer;
  readonly clock: VirtualClock;
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<HttpResult>;
  get(path: string, token?: string): Promise<HttpResult>;
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body (throws if it is not JSON). */
  readonly body: GqlBody;
}

export interface GqlBody {
  readonly data?: {
    viewer: { zones: Record<string, unknown>[]; accounts?: { zones: Record<string, unknown>[] }[] };
  } | null;
  readonly errors?:
    { message: string; path: string[] | null; extensions: { code?: string; timestamp: string } }[] | null;
  readonly [key: string]: unknown;
}

function result(res: Response, text: string): HttpResult {
  return {
    status: res.status,
    headers: res.headers,
    text,
    get body(): GqlBody {
      return JSON.parse(text) as GqlBody;
    },
  };
}

/** A simulator on 127.0.0.1, a free port and a virtual clock; stop it with `server.close()`. */
export async function startHarness(options: SimulatorServerOptions = {}, start = START): Promise<Harness> {
  const clock = createVirtualClock(start);
  const server = await startSimulatorServer({ clock, ...options });
  return {
    server,
    clock,
    async gql(query, variables = {}, token = TOKEN) {
      const res = await fetch(server.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token === '' ? {} : { authorization: `Bearer ${token}` }) },
        body: JSON.stringify({ query, variables }),
      });
      return result(res, await res.text());
    },
    async get(path, token = TOKEN) {
      const res = await fetch(`${server.url}${path}`, {
        headers: token === '' ? {} : { authorization: `Bearer ${token}` },
      });
      return result(res, await res.text());
    },
  };
}

export const iso = (ms: number): string => new Date(ms).toISOString();
