import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as HttpsServer, createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { errorCodeOf, isPermanent, isRetryable } from '../errors/error-class.js';
import { HttpTransport, type HttpTransportOptions } from './http-transport.js';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

const servers: Server[] = [];
const transports: HttpTransport[] = [];
afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

/** A scripted peer on 127.0.0.1 that records what it was sent. */
async function peer(
  handler: Handler,
  server: Server = createServer(),
): Promise<{ url: string; seen: { path: string; headers: IncomingMessage['headers']; body: Buffer }[] }> {
  const seen: { path: string; headers: IncomingMessage['headers']; body: Buffer }[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ path: req.url ?? '/', headers: req.headers, body });
      handler(req, body, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const scheme = server instanceof HttpsServer ? 'https' : 'http';
  return { url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function transport(options: HttpTransportOptions = {}): HttpTransport {
  const t = new HttpTransport(options);
  transports.push(t);
  return t;
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );

describe('HttpTransport against a scripted peer', () => {
  it('returns status, headers and body of any status, and sends the body as given', async () => {
    const { url, seen } = await peer((_, __, res) => {
      res.writeHead(418, { 'x-a': 'b' });
      res.end('teapot');
    });
    const res = await transport().request({
      method: 'POST',
      url: `${url}/p?q=1`,
      headers: { 'x-h': '1' },
      body: 'hello',
    });
    expect([res.status, res.headers['x-a'], res.body.toString()]).toEqual([418, 'b', 'teapot']);
    expect([seen[0]?.path, seen[0]?.headers['x-h'], seen[0]?.body.toString()]).toEqual(['/p?q=1', '1', 'hello']);
  });

  it('gzips the request body when asked, and decodes a gzip response', async () => {
    const { url, seen } = await peer((_, __, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(gzipSync('{"ok":true}'));
    });
    const res = await transport().request({ method: 'POST', url, body: 'x'.repeat(1000), gzip: true });
    expect(res.body.toString()).toBe('{"ok":true}');
    expect(seen[0]?.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(seen[0]?.body ?? Buffer.alloc(0)).toString()).toBe('x'.repeat(1000));
  });

  it('reuses one keep-alive connection', async () => {
    const ports = new Set<number>();
    const { url } = await peer((req, _, res) => {
      ports.add(req.socket.remotePort ?? 0);
      res.end('ok');
    });
    const t = transport();
    for (let i = 0; i < 3; i++) await t.request({ method: 'GET', url });
    expect(ports.size).toBe(1);
  });

  it.each<[string, Handler]>([
    [
      'a declared Content-Length over the cap',
      (_, __, res) => {
        res.writeHead(200, { 'content-length': '2000' });
        res.end('y'.repeat(2000));
      },
    ],
    [
      'a chunked body that grows past the cap',
      (_, __, res) => {
        res.writeHead(200);
        for (let i = 0; i < 20; i++) res.write('z'.repeat(100));
        res.end();
      },
    ],
    [
      'a small gzip body that inflates past the cap',
      (_, __, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip' });
        res.end(gzipSync(Buffer.alloc(1_000_000)));
      },
    ],
  ])('aborts %s with a permanent error', async (_, handler) => {
    const { url } = await peer(handler);
    const err = await failure(transport({ maxResponseBytes: 1024 }).request({ method: 'GET', url }));
    expect([errorCodeOf(err), isPermanent(err)]).toEqual(['http_response_too_large', true]);
    expect((err as Error).message).toContain('larger than 1024 bytes');
  });

  it('does not follow redirects', async () => {
    const { url, seen } = await peer((req, _, res) => {
      if (req.url === '/moved') res.writeHead(302, { location: '/elsewhere' }).end();
      else res.end('followed');
    });
    const res = await transport().request({ method: 'GET', url: `${url}/moved` });
    expect(res.status).toBe(302);
    expect(seen.map((s) => s.path)).toEqual(['/moved']);
  });

  it('times out a peer that never answers: retryable', async () => {
    const { url } = await peer(() => undefined);
    const err = await failure(transport().request({ method: 'GET', url, timeoutMs: 200 }));
    expect([errorCodeOf(err), isRetryable(err)]).toEqual(['timeout', true]);
  });

  it('a timeout beyond what a Node timer holds waits, instead of firing at once', async () => {
    const { url } = await peer((_, __, res) => setTimeout(() => res.end('late but fine'), 50));
    const res = await transport({ timeoutMs: 30 * 24 * 3_600_000 }).request({ method: 'GET', url });
    expect(res.body.toString()).toBe('late but fine');
  });

  it('times out a body that stalls after the headers: retryable', async () => {
    const { url } = await peer((_, __, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
    });
    const err = await failure(transport().request({ method: 'GET', url, timeoutMs: 200 }));
    expect([errorCodeOf(err), isRetryable(err)]).toEqual(['timeout', true]);
  });

  it('a connection dropped mid-body is retryable', async () => {
    const { url } = await peer((_, __, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":', () => res.socket?.destroy());
    });
    const err = await failure(transport().request({ method: 'GET', url }));
    expect([errorCodeOf(err), isRetryable(err)]).toEqual(['connection_failed', true]);
  });

  it('a reset connection is retryable', async () => {
    const { url } = await peer((req) => req.socket.destroy());
    const err = await failure(transport().request({ method: 'GET', url }));
    expect([errorCodeOf(err), isRetryable(err)]).toEqual(['connection_failed', true]);
  });

  it('sends once more on a fresh socket when the server closed the reused keep-alive one', async () => {
    // The keep-alive race: the server drops an idle socket just as the client reuses it.
    const perSocket = new Map<unknown, number>();
    const { url, seen } = await peer((req, _, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      if (n > 1) req.socket.destroy();
      else res.end('ok');
    });
    const t = transport();
    const first = await t.request({ method: 'POST', url, body: 'a' });
    const second = await t.request({ method: 'POST', url, body: 'b' });
    expect([first.body.toString(), second.body.toString()]).toEqual(['ok', 'ok']);
    expect(seen.map((s) => s.body.toString())).toEqual(['a', 'b', 'b']);
    expect(perSocket.size).toBe(2);
  });

  it('a reset on a fresh socket is not sent again', async () => {
    const { url, seen } = await peer((req) => req.socket.destroy());
    const err = await failure(transport().request({ method: 'GET', url }));
    expect(isRetryable(err)).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('a refused connection is retryable', async () => {
    const { url } = await peer(() => undefined);
    const closed = servers.pop();
    await new Promise<void>((resolve) => closed?.close(() => resolve()));
    const err = await failure(transport().request({ method: 'GET', url }));
    expect([errorCodeOf(err), isRetryable(err)]).toEqual(['connection_failed', true]);
    expect((err as Error).message).toContain('ECONNREFUSED');
  });

  it('rejects with the caller’s reason on shutdown, unclassified', async () => {
    const { url } = await peer(() => undefined);
    const stop = new AbortController();
    const pending = failure(transport().request({ method: 'GET', url, signal: stop.signal }));
    const reason = new Error('shutting down');
    setTimeout(() => stop.abort(reason), 20);
    expect(await pending).toBe(reason);
  });

  describe('TLS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(join(dir, 'cert.pem'));
    const key = readFileSync(join(dir, 'key.pem'));
    rmSync(dir, { recursive: true, force: true });
    const tlsPeer = () => peer((_, __, res) => res.end('secret'), createTlsServer({ cert, key }));

    it('an untrusted certificate is permanent, with a clear message', async () => {
      const { url } = await tlsPeer();
      const err = await failure(transport().request({ method: 'GET', url }));
      expect([errorCodeOf(err), isPermanent(err)]).toEqual(['tls_failed', true]);
      expect((err as Error).message).toMatch(
        /TLS with https:\/\/127\.0\.0\.1:\d+ failed \(DEPTH_ZERO_SELF_SIGNED_CERT.*tls\.ca_file/,
      );
    });

    it('trusts a CA given in the options', async () => {
      const { url } = await tlsPeer();
      expect((await transport({ tls: { ca: cert } }).request({ method: 'GET', url })).body.toString()).toBe('secret');
    });

    it('skips verification only when told to', async () => {
      const { url } = await tlsPeer();
      const res = await transport({ tls: { insecureSkipVerify: true } }).request({ method: 'GET', url });
      expect(res.status).toBe(200);
    });
  });
});
