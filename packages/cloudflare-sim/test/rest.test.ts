import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support.js';

interface Envelope {
  success: boolean;
  errors: { code: number; message: string }[];
  result: unknown;
  result_info?: { page: number; per_page: number; count: number; total_count: number; total_pages: number };
}

describe('REST endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ zones: 23, restQuota: { requests: 40, windowMs: 300_000 } });
  });
  afterAll(async () => {
    await h.server.close();
  });

  const get = async (path: string, token?: string) => {
    const res = await h.get(path, token);
    return { status: res.status, headers: res.headers, body: res.body as unknown as Envelope };
  };

  it('verifies a good token and rejects a bad one with code 1000', async () => {
    const good = await get('/client/v4/user/tokens/verify');
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ success: true, result: { status: 'active' } });
    const bad = await get('/client/v4/user/tokens/verify', 'nope');
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ success: false, errors: [{ code: 1000, message: 'Invalid API Token' }] });
    const none = await get('/client/v4/zones', '');
    expect(none.status).toBe(403);
    expect(none.body.errors[0]).toEqual({ code: 10000, message: 'Authentication error' });
  });

  it("lists an account's zones page by page", async () => {
    const account = h.server.simulator.accountTag;
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await get(`/client/v4/zones?account.id=${account}&page=${page}&per_page=10`);
      expect(res.status).toBe(200);
      expect(res.body.result_info).toEqual({
        page,
        per_page: 10,
        count: page < 3 ? 10 : 3,
        total_count: 23,
        total_pages: 3,
      });
      seen.push(...(res.body.result as { id: string; name: string; account: { id: string } }[]).map((z) => z.id));
    }
    expect(seen).toEqual(h.server.simulator.zones.map((z) => z.tag));
    const beyond = await get(`/client/v4/zones?account.id=${account}&page=4&per_page=10`);
    expect(beyond.body.result).toEqual([]);
    const clamped = await get(`/client/v4/zones?per_page=1000`);
    expect(clamped.body.result_info).toMatchObject({ per_page: 50, count: 23, total_pages: 1 });
    const other = await get(`/client/v4/zones?account.id=${'f'.repeat(32)}`);
    expect(other.body.result_info).toMatchObject({ total_count: 0 });
  });

  it('gets one zone, 404s an unknown one and an unknown route', async () => {
    const zone = h.server.simulator.zones[4]!;
    const one = await get(`/client/v4/zones/${zone.tag}`);
    expect(one.body.result).toMatchObject({
      id: zone.tag,
      name: zone.name,
      status: 'active',
      plan: { legacy_id: 'enterprise' },
    });
    expect((await get(`/client/v4/zones/${'0'.repeat(32)}`)).status).toBe(404);
    const route = await get('/client/v4/nowhere');
    expect(route.status).toBe(404);
    expect(route.body.errors[0]!.code).toBe(7000);
  });

  it('rate limits REST calls per token with HTTP 429 and Retry-After', async () => {
    let last = await get('/client/v4/accounts');
    for (let i = 0; i < 60 && last.status === 200; i++) last = await get('/client/v4/accounts');
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(h.server.simulator.stats().restRateLimited).toBeGreaterThan(0);
  });
});

describe('truth and stats endpoints', () => {
  it('serves the truth for a range and the counters', async () => {
    const h = await startHarness({ zones: 2 });
    const zone = h.server.simulator.zones[0]!.tag;
    const from = new Date(h.clock.now() - 3 * 60_000).toISOString();
    const to = new Date(h.clock.now()).toISOString();
    const res = await h.get(`/__truth?zone=${zone}&dataset=httpRequests1mGroups&from=${from}&to=${to}`, '');
    const points = JSON.parse(res.text) as {
      minuteMs: number;
      dimensions: Record<string, string>;
      values: Record<string, number>;
    }[];
    const totals = points.filter((p) => Object.keys(p.dimensions).length === 0);
    expect(totals.map((p) => p.minuteMs)).toEqual([0, 1, 2].map((i) => h.clock.now() - (3 - i) * 60_000));
    expect(totals.every((p) => p.values['requests']! > 0)).toBe(true);
    const countries = points.filter((p) => p.dimensions['map'] === 'countryMap' && p.minuteMs === totals[0]!.minuteMs);
    expect(countries.reduce((s, p) => s + p.values['requests']!, 0)).toBe(totals[0]!.values['requests']);

    const grouped = await h.get(`/__truth?zone=${zone}&from=${from}&dimensions=coloCode`, '');
    const colos = JSON.parse(grouped.text) as { dimensions: Record<string, string>; values: Record<string, number> }[];
    expect(colos.every((p) => Object.keys(p.dimensions).join() === 'coloCode')).toBe(true);
    expect(colos.reduce((s, p) => s + p.values['count']!, 0)).toBe(totals[0]!.values['requests']);

    expect((await h.get('/__truth?zone=nope&from=x', '')).status).toBe(400);
    const stats = await h.get('/__stats', '');
    expect(JSON.parse(stats.text)).toMatchObject({ queries: 0, rateLimited: 0, injectedErrors: 0 });
    await h.server.close();
  });
});
