// A scripted hostile HTTP peer (issue 19): one reply class per case, through the whole receiver. Every bad
// value is dropped, counted in settle_cloudflare_invalid_values and warned about once, naming the field.
import { describe, expect, it } from 'vitest';
import { START, drive, pointsOf } from './support/harness.js';
import { ZONE_A } from './support/peer.js';
import { peerRig } from './support/rigs.js';

const MINUTE = START - 120_000;
const at = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function replyWith(rows: unknown[], zone: Record<string, unknown> = { zoneTag: ZONE_A }) {
  return { data: { viewer: { zones: [{ ...zone, httpRequests1mGroups: rows }] } }, errors: null };
}
/** A complete httpRequests1mGroups row (a missing field counts as invalid too), hostile where asked. */
const row = (requests: unknown, uniques: unknown = 1, time = at(MINUTE)) => ({
  dimensions: { datetimeMinute: time },
  sum: {
    requests,
    bytes: 1,
    cachedRequests: 1,
    cachedBytes: 1,
    encryptedRequests: 1,
    encryptedBytes: 1,
    threats: 0,
    pageViews: 1,
    countryMap: [],
    responseStatusMap: [],
    contentTypeMap: [],
    browserMap: [],
    threatPathingMap: [],
  },
  uniq: { uniques },
});

async function once(body: unknown) {
  // The hostile reply once, then whole empty ones: the receiver polls more than once while driven.
  const { clock, rig, lines } = await peerRig((n) => ({ status: 200, body: n === 0 ? body : replyWith([]) }), {
    zones: [ZONE_A],
    datasets: ['http_requests'],
  });
  await rig.receiver.start(rig.host);
  await drive(clock, rig.receiver, 0);
  const warned = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 40);
  return {
    requests: pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total').map((p) => p.value),
    uniques: pointsOf(rig.sink.batches, 'cloudflare_zone_uniques_total').map((p) => p.value),
    invalid: (await rig.metrics.value('settle_cloudflare_invalid_values', { dataset: 'http_requests' })) ?? 0,
    result: async (r: string) => rig.metrics.value('settle_cloudflare_queries', { result: r }),
    warned,
  };
}

describe('hostile reply values, through the receiver', () => {
  it('"0x1F" is not 31', async () => {
    const r = await once(replyWith([row('0x1F')]));
    expect(r.requests).toEqual([]);
    expect(r.invalid).toBe(1);
    expect(r.warned).toEqual([expect.objectContaining({ field: 'sum.requests', reason: 'not a decimal number' })]);
  });

  it('two 1.7e308 never become Infinity or null', async () => {
    const r = await once(replyWith([row(1.7e308), row(1.7e308)]));
    expect(r.requests).toEqual([]);
    expect(r.invalid).toBe(2);
  });

  it('a count above 2^53 and a fractional unique-visitor count are dropped', async () => {
    const r = await once(replyWith([row(2 ** 53 + 2, 2.5)]));
    expect(r.requests).toEqual([]);
    expect(r.uniques).toEqual([]);
    expect(r.invalid).toBe(2);
  });

  it('a sum past 2^53 drops that series for the minute', async () => {
    const r = await once(replyWith([row(2 ** 53), row(2 ** 53)]));
    expect(r.requests).toEqual([]);
    expect(r.uniques).toEqual([2]);
    expect(r.invalid).toBe(1);
  });

  it.each([
    ['"1"', '1'],
    ['2026-02-30', '2026-02-30T00:00:00Z'],
    ['a minute outside the queried range', at(START + 3_600_000)],
  ])('a date %s is dropped', async (_, time) => {
    const r = await once(replyWith([row(5, 1, time), row(7)]));
    expect(r.requests).toEqual([7]);
    expect(r.invalid).toBe(1);
    expect(r.warned).toEqual([expect.objectContaining({ field: 'dimensions.datetimeMinute' })]);
  });

  it('a reply missing the dataset list is partial, with a warning', async () => {
    const r = await once({ data: { viewer: { zones: [{ zoneTag: ZONE_A }] } }, errors: null });
    expect(await r.result('partial')).toBe(1);
    expect(r.warned).toEqual([expect.objectContaining({ msg: 'incomplete reply' })]);
  });

  it('a reply missing zoneTag is partial, with a warning', async () => {
    const r = await once(replyWith([row(5)], {}));
    expect(r.requests).toEqual([]);
    expect(await r.result('partial')).toBe(1);
    expect(r.warned).toEqual([expect.objectContaining({ msg: 'incomplete reply' })]);
  });
});
