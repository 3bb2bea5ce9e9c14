import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatorCore } from '../simulator.js';
import type { SimulatorServer, SimulatorServerOptions } from '../types.js';
import { handleGraphql } from './graphql-handler.js';
import { handleRest } from './rest-handler.js';
import { json, restError, type Reply } from './reply.js';
import { SlowReplies } from './slow-replies.js';
import { handleTestEndpoint } from './test-endpoints.js';

const MAX_BODY = 1 << 20;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const GRAPHQL = '/client/v4/graphql';

/** The reply, and whether it is a GraphQL one (those may be sent slowly). */
async function route(sim: SimulatorCore, req: IncomingMessage): Promise<Reply & { readonly graphql?: true }> {
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '');
  if (path === GRAPHQL) {
    if (method !== 'POST') return json(405, { data: null, errors: [{ message: 'use POST', path: null }] });
    const body = await readBody(req);
    if (body === undefined)
      return json(413, { data: null, errors: [{ message: 'request body too large', path: null }] });
    return { ...handleGraphql(sim, req.headers, body), graphql: true };
  }
  const test = handleTestEndpoint(sim, url);
  if (test !== undefined) return test;
  if (path.startsWith('/client/v4')) return handleRest(sim, method, url, req.headers);
  return restError(404, 7000, 'No route for that URI');
}

function write(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

/** Starts the simulator's HTTP server (GraphQL, REST, /__truth, /__stats) on 127.0.0.1 and a free port by default. */
export async function startSimulatorServer(options: SimulatorServerOptions = {}): Promise<SimulatorServer> {
  const given = options.simulator;
  if (given !== undefined && !(given instanceof SimulatorCore)) {
    throw new TypeError('options.simulator must come from createSimulator()');
  }
  const sim = given ?? new SimulatorCore(options);
  const slow = new SlowReplies(sim.seed, options.slowReplies);
  const server = createServer((req, res) => {
    route(sim, req).then(
      (reply) => {
        if (reply.graphql !== true || !slow.pick()) return write(res, reply);
        sim.counters.slowReplies++;
        slow.send(res, reply);
      },
      (err: unknown) => write(res, json(500, { data: null, errors: [{ message: String(err), path: null }] })),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    graphqlUrl: `${url}/client/v4/graphql`,
    apiUrl: `${url}/client/v4`,
    simulator: sim,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        slow.stop();
        server.closeAllConnections();
      })),
  };
}
