import { describe, expect, it } from 'vitest';
import { START, drive, pointsOf } from './support/harness.js';
import { ZONE_A, ZONE_B, httpReply } from './support/peer.js';
import { peerRig } from './support/rigs.js';

const MINUTE = START - 120_000;

describe('replies the simulator does not make (scripted local HTTP peer)', () => {
  it('a request that times out is retried', async () => {
    const { clock, rig } = await peerRig(
      (n) => (n === 0 ? { status: 200, body: {}, hang: true } : { status: 200, body: httpReply([ZONE_A], MINUTE) }),
      { zones: [ZONE_A], datasets: ['http_requests'], timeout: '200ms' },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 10_000);
    expect(pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total').map((p) => p.value)).toEqual([10]);
    expect(await rig.metrics.value('settle_cloudflare_queries', { result: 'retry' })).toBe(1);
    // Without the REST API, zones are labelled by tag.
    expect(pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total')[0]?.attributes).toEqual({ zone: ZONE_A });
  });

  it("Cloudflare's documented refusal (HTTP 400, data null, string zone index) skips that zone only", async () => {
    const { clock, peer, rig } = await peerRig(
      (n, req) => {
        if (n === 0) {
          return {
            status: 400,
            body: {
              data: null,
              errors: [
                {
                  message: "zone 'b' does not have access to the path",
                  path: ['viewer', 'zones', '1', 'firewallEventsAdaptiveGroups'],
                },
              ],
            },
          };
        }
        return { status: 200, body: httpReply((req.body?.variables?.zoneTags as string[] | undefined) ?? [], MINUTE) };
      },
      { zones: [ZONE_A, ZONE_B], datasets: ['http_requests'] },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 0);
    const graphql = peer.requests.filter((r) => r.path.startsWith('/client/v4/graphql'));
    expect(graphql.map((r) => r.body?.variables?.zoneTags)).toEqual([[ZONE_A, ZONE_B], [ZONE_A]]);
    expect(pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total').map((p) => p.attributes.zone)).toEqual([
      ZONE_A,
    ]);
    await drive(clock, rig.receiver, 30_000);
    const later = peer.requests.filter((r) => r.path.startsWith('/client/v4/graphql')).slice(2);
    expect(later.map((r) => r.body?.variables?.zoneTags)).toEqual([[ZONE_A]]);
  });

  it('a refusal that names no zone is narrowed down by splitting the group', async () => {
    const { clock, peer, rig } = await peerRig(
      (_n, req) => {
        const tags = (req.body?.variables?.zoneTags as string[] | undefined) ?? [];
        if (tags.includes(ZONE_B))
          return { status: 200, body: { data: null, errors: [{ message: 'not available for your plan' }] } };
        return { status: 200, body: httpReply(tags, MINUTE) };
      },
      { zones: [ZONE_A, ZONE_B], datasets: ['http_requests'] },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 0);
    expect(pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total').map((p) => p.attributes.zone)).toEqual([
      ZONE_A,
    ]);
    expect(peer.requests.filter((r) => r.path.startsWith('/client/v4/graphql'))).toHaveLength(3);
  });

  it('credentials refused by GraphQL before anything worked are fatal', async () => {
    const { clock, peer, rig } = await peerRig(
      () => ({
        status: 200,
        body: { data: null, errors: [{ message: 'authentication error', path: null }] },
      }),
      { zones: [ZONE_A], datasets: ['http_requests'] },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 60_000);
    const fatal = rig.host.events.filter((e) => e.status === 'fatal_error');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]?.message).toMatch(/refused the credentials \(authentication error\)/);
    expect(peer.requests.filter((r) => r.path.startsWith('/client/v4/graphql'))).toHaveLength(1);
  });

  it('reads legacy auth headers from api_email + api_key', async () => {
    const { clock, peer, rig } = await peerRig(() => ({ status: 200, body: httpReply([ZONE_A], MINUTE) }), {
      api_token: undefined,
      api_email: 'me@example.com',
      api_key: 'legacy-key',
      zones: [ZONE_A],
      datasets: ['http_requests'],
    });
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 0);
    const q = peer.requests.find((r) => r.path.startsWith('/client/v4/graphql'));
    expect(q?.headers['x-auth-email']).toBe('me@example.com');
    expect(q?.headers['x-auth-key']).toBe('legacy-key');
    expect(q?.headers.authorization).toBeUndefined();
    expect(peer.requests[0]?.path).toBe('/client/v4/user');
  });
});
