import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulatorServer } from '@settle/cloudflare-sim';
import { FileStorage, getJson, retryableError } from '@settle/core';
import { FakeClock } from '@settle/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START, createReceiver, drive, pointsOf, startSim } from './support/harness.js';

let dir: string;
let server: SimulatorServer | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settle-cf-backfill-'));
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const HOUR = 3_600_000;
const MIN = 60_000;

describe('backfill', () => {
  it('walks history with the budget live leaves, checkpoints, and resumes after a restart', async () => {
    const clock = new FakeClock(START);
    server = await startSim(clock, { zones: 3 });
    // 15 queries per 5 min; live needs 10 of them, so backfill gets 5 chunks per window.
    const config = {
      datasets: ['http_requests'],
      rate_limit: { queries: 15, per: '5m' },
      backfill: { duration: '3h', chunk: '10m' },
    };
    const storage = new FileStorage(join(dir, 'cloudflare'));

    const first = createReceiver(clock, server, config, { storage });
    await first.receiver.start(first.host);
    await drive(clock, first.receiver, 7 * MIN, 5_000);
    await first.receiver.shutdown();
    const checkpoint = await getJson<{ cursors: Record<string, number> }>(storage, 'cursors');
    const cursor = checkpoint?.cursors.http_requests ?? NaN;
    const firstBackfill = pointsOf(
      first.sink.batches.filter((b) => b.meta?.origin === 'backfill'),
      'cloudflare_zone_requests_total',
    );
    expect(Math.min(...firstBackfill.map((p) => p.startMs ?? 0))).toBe(START - 3 * HOUR);
    expect(Math.max(...firstBackfill.map((p) => p.startMs ?? 0))).toBe(cursor - MIN);
    // 7 minutes at 5 chunks per 5-minute window: at most 10 chunks done, far from caught up.
    expect(cursor).toBeGreaterThan(START - 3 * HOUR);
    expect(cursor).toBeLessThanOrEqual(START - 3 * HOUR + 10 * 10 * MIN);
    expect(server.simulator.stats().rateLimited).toBe(0);

    // Down for 20 minutes, then the same config starts again on the same storage.
    await clock.advance(20 * MIN);
    const second = createReceiver(clock, server, config, { storage: new FileStorage(join(dir, 'cloudflare')) });
    await second.receiver.start(second.host);
    await drive(clock, second.receiver, 60 * MIN, 5_000);
    await second.receiver.shutdown();
    const secondBackfill = second.sink.batches.filter((b) => b.meta?.origin === 'backfill');
    const secondPoints = pointsOf(secondBackfill, 'cloudflare_zone_requests_total');
    expect(Math.min(...secondPoints.map((p) => p.startMs ?? 0))).toBe(cursor);

    // Together the two runs saw every minute of every zone, from the backfill start to the end, the downtime
    // included, and backfill never re-fetched what the first run had done.
    const seen = new Map<string, Set<number>>();
    for (const p of [
      ...pointsOf(first.sink.batches, 'cloudflare_zone_requests_total'),
      ...pointsOf(second.sink.batches, 'cloudflare_zone_requests_total'),
    ]) {
      const zone = String(p.attributes.zone);
      if (!seen.has(zone)) seen.set(zone, new Set());
      seen.get(zone)?.add(p.startMs ?? 0);
    }
    const end = clock.now() - 2 * MIN;
    for (const zone of server.simulator.zones) {
      const minutes = seen.get(zone.name) ?? new Set();
      const missing: string[] = [];
      for (let m = START - 3 * HOUR; m < end; m += MIN) if (!minutes.has(m)) missing.push(new Date(m).toISOString());
      expect(missing, zone.name).toEqual([]);
    }
    const overlap = secondPoints.filter((p) => (p.startMs ?? 0) < cursor);
    expect(overlap).toEqual([]);
    for (const b of secondBackfill) expect(b.meta?.['cloudflare.dataset']).toBe('httpRequests1mGroups');
    expect(server.simulator.stats().rateLimited).toBe(0);
  });

  it('without a backfill setting, a restart re-reads the downtime (gap fill) from where the live lane was', async () => {
    const clock = new FakeClock(START);
    const sim = await startSim(clock, { zones: 3 });
    try {
      const config = { datasets: ['http_requests'], lookback: '10m' };
      const storage = new FileStorage(join(dir, 'gap'));
      const first = createReceiver(clock, sim, config, { storage });
      await first.receiver.start(first.host);
      await drive(clock, first.receiver, 3 * MIN, 5_000);
      // Stopped (the cursor is saved after every complete poll, so a SIGKILL leaves the same checkpoint), so that
      // it does not go on polling on the shared fake clock while the test plays the downtime.
      await first.receiver.shutdown();
      const killedAt = clock.now();
      const cursor = (await getJson<{ cursors: Record<string, number> }>(storage, 'cursors'))?.cursors.http_requests;
      // Where the last complete live poll's range began: the lookback before it, on the minute.
      expect(cursor).toBeGreaterThan(killedAt - 11 * MIN);
      expect(cursor).toBeLessThanOrEqual(killedAt - 10 * MIN);
      await clock.advance(14 * MIN);
      const second = createReceiver(clock, sim, config, { storage: new FileStorage(join(dir, 'gap')) });
      await second.receiver.start(second.host);
      await drive(clock, second.receiver, 3 * MIN, 5_000);
      await second.receiver.shutdown();
      const refilled = new Set(
        pointsOf(
          second.sink.batches.filter((b) => b.meta?.origin === 'backfill'),
          'cloudflare_zone_requests_total',
        ).map((p) => p.startMs ?? 0),
      );
      // Every minute the first run's live lane still covered when it stopped, up to the restart's live window.
      const missing: string[] = [];
      for (let m = cursor ?? NaN; m < killedAt + 14 * MIN - 10 * MIN; m += MIN) {
        if (!refilled.has(m)) missing.push(`${(m - START) / MIN}`);
      }
      expect(missing).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('a process killed before its first poll completed still re-reads from where that poll began', async () => {
    const clock = new FakeClock(START);
    const sim = await startSim(clock, { zones: 3 });
    try {
      const config = { datasets: ['http_requests'], lookback: '10m' };
      const storage = new FileStorage(join(dir, 'first-poll'));
      const first = createReceiver(clock, sim, config, { storage });
      first.sink.failWith = retryableError('down', 'the pipeline refuses everything');
      await first.receiver.start(first.host);
      await drive(clock, first.receiver, 30_000, 5_000);
      expect(first.sink.batches).toEqual([]);
      await first.receiver.shutdown();
      await clock.advance(14 * MIN);
      const second = createReceiver(clock, sim, config, { storage: new FileStorage(join(dir, 'first-poll')) });
      await second.receiver.start(second.host);
      await drive(clock, second.receiver, 3 * MIN, 5_000);
      await second.receiver.shutdown();
      const refilled = pointsOf(
        second.sink.batches.filter((b) => b.meta?.origin === 'backfill'),
        'cloudflare_zone_requests_total',
      ).map((p) => p.startMs ?? 0);
      expect(Math.min(...refilled)).toBe(START - 10 * MIN);
    } finally {
      await sim.close();
    }
  });
});
