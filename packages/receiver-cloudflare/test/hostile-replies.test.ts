import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FakeClock } from '@settle/core/testing';
import { START, createReceiver, drive, pointsOf } from './support/harness.js';
import { ZONE_A, httpReply, startPeer } from './support/peer.js';
import { peerRig } from './support/rigs.js';

const MINUTE = START - 120_000;
const THROTTLED = { errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }] };
const graphqlCalls = (requests: readonly { path: string }[]) =>
  requests.filter((r) => r.path.startsWith('/client/v4/graphql')).length;

describe('hostile Cloudflare replies (scripted peer on 127.0.0.1)', () => {
  it("HTTP 429 with Cloudflare's JSON error body is throttled: Retry-After honoured, then data", async () => {
    const { clock, peer, rig, lines } = await peerRig(
      (n) =>
        n === 0
          ? { status: 429, body: THROTTLED, headers: { 'retry-after': '40' } }
          : { status: 200, body: httpReply([ZONE_A], MINUTE) },
      { zones: [ZONE_A], datasets: ['http_requests'] },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 35_000);
    expect(graphqlCalls(peer.requests)).toBe(1);
    expect(await rig.metrics.value('settle_cloudflare_queries', { result: 'rate_limited' })).toBe(1);
    expect(await rig.metrics.value('settle_cloudflare_queries', { result: 'bad_query' })).toBe(0);
    expect(lines.some((l) => l.includes('rate limited by Cloudflare'))).toBe(true);
    await drive(clock, rig.receiver, 10_000);
    expect(pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total').length).toBeGreaterThan(0);
  });

  it('HTTP 429 with the JSON body and no Retry-After backs off and retries', async () => {
    const { clock, peer, rig } = await peerRig(
      (n) => (n === 0 ? { status: 429, body: THROTTLED } : { status: 200, body: httpReply([ZONE_A], MINUTE) }),
      { zones: [ZONE_A], datasets: ['http_requests'] },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 120_000);
    expect(graphqlCalls(peer.requests)).toBeGreaterThan(1);
    expect(await rig.metrics.value('settle_cloudflare_queries', { result: 'rate_limited' })).toBe(1);
    expect(pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total').length).toBeGreaterThan(0);
  });

  const QUOTA = { data: null, errors: [{ message: 'quota exceeded, please repeat your request in the next minute' }] };
  it.each<[string, number, unknown]>([
    ['HTTP 429 with a text body', 429, 'slow down'],
    ['HTTP 429 with the JSON error body', 429, THROTTLED],
    ['HTTP 200 with a quota error', 200, QUOTA],
  ])('Retry-After: 99999999 on %s is clamped: the receiver polls again within minutes', async (_, status, body) => {
    const { clock, peer, rig } = await peerRig(
      (n) =>
        n === 0
          ? { status, body, headers: { 'retry-after': '99999999' } }
          : { status: 200, body: httpReply([ZONE_A], MINUTE) },
      { zones: [ZONE_A], datasets: ['http_requests'] },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 7 * 60_000, 5_000);
    expect(graphqlCalls(peer.requests)).toBeGreaterThan(1);
    expect(pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total').length).toBeGreaterThan(0);
  });

  it('a reply over the size cap is cut off, not read whole; the receiver carries on', async () => {
    // 96 MiB of a JSON-looking body, written as fast as the client reads it; the cap is 64 MiB. (Socket
    // buffers let the peer write a few MiB past the point where the client stops reading: 68 MiB measured.)
    const total = 96 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let written = 0;
    let bigReplies = 0;
    const big: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        bigReplies++;
        if (bigReplies > 1) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(httpReply([ZONE_A], MINUTE)));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":');
        const pump = (): void => {
          while (written < total) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end('null}');
        };
        pump();
      });
    });
    await new Promise<void>((resolve) => big.listen(0, '127.0.0.1', resolve));
    onTestFinished(
      () =>
        new Promise<void>((resolve) => {
          big.closeAllConnections();
          big.close(() => resolve());
        }),
    );
    const url = `http://127.0.0.1:${(big.address() as AddressInfo).port}/client/v4/graphql`;
    const { clock, rig, lines } = await peerRig(() => ({ status: 500, body: {} }), {
      zones: [ZONE_A],
      datasets: ['http_requests'],
      endpoint: url,
    });
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 60_000);
    expect(written).toBeLessThan(total);
    expect(lines.some((l) => l.includes('larger than 67108864 bytes'))).toBe(true);
    expect(pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total').length).toBeGreaterThan(0);
  });

  it('an endpoint not ending in /graphql sends the token check to that host, never elsewhere', async () => {
    const peer = await startPeer(() => ({ status: 200, body: httpReply([ZONE_A], MINUTE) }));
    onTestFinished(() => peer.close());
    const clock = new FakeClock(START);
    const rig = createReceiver(clock, undefined, {
      zones: [ZONE_A],
      datasets: ['http_requests'],
      endpoint: `${peer.graphqlUrl}?via=proxy`,
    });
    onTestFinished(() => rig.receiver.shutdown());
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 1_000);
    const rest = peer.requests.filter((r) => !r.path.startsWith('/client/v4/graphql')).map((r) => r.path);
    expect(rest).toContain('/client/v4/user/tokens/verify');
    expect(pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total').length).toBeGreaterThan(0);
  });
});
