import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStorage, SettleError, silentLogger } from '@settle/core';
import { afterAll, describe, expect, it } from 'vitest';
import { batchOf } from '@settle/core/testing';
import { bucket, MINUTE, REQUESTS } from '../../test/support/batches.js';
import { createBatchMapper } from './batch-mapper.js';

const T0 = Date.UTC(2026, 0, 1);
const dirs: string[] = [];

async function storage(): Promise<FileStorage> {
  const dir = await mkdtemp(join(tmpdir(), 'otlp-cumulative-'));
  dirs.push(dir);
  return new FileStorage(dir);
}

function mapper(store: FileStorage) {
  return createBatchMapper({
    mode: 'cumulative',
    resource: {},
    revisionWindowMs: 2 * 60 * MINUTE,
    seriesTtlMs: 24 * 60 * MINUTE,
    storage: store,
    logger: silentLogger(),
  });
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('cumulative mapper', () => {
  it('continues totals, start times and revisions across a restart', async () => {
    const store = await storage();
    const first = mapper(store);
    await first.load();
    await first.map(batchOf(REQUESTS, [bucket(T0, 5), bucket(T0 + MINUTE, 6)]));

    const second = mapper(new FileStorage(store.directory)); // a new process on the same data directory
    await second.load();
    await second.map(batchOf(REQUESTS, [bucket(T0, 8)])); // revision of a bucket sent before the restart: +3
    const out = await second.map(batchOf(REQUESTS, [bucket(T0 + 2 * MINUTE, 1)]));
    expect(out.metrics[0]?.points).toEqual([
      { attributes: { zone: 'example.com' }, startMs: T0, timeMs: T0 + 3 * MINUTE, value: 15 },
    ]);
  });

  it('reports an unreadable checkpoint with a clear error', async () => {
    const store = await storage();
    await store.set('cumulative/x', '{"format":1,');
    const err = await mapper(store)
      .load()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(SettleError);
    expect((err as SettleError).code).toBe('otlp.checkpoint');
    expect((err as SettleError).message).toMatch(/cannot read the saved cumulative totals/);
  });

  it('delta and gauge modes need no state', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-'));
    dirs.push(dir);
    const store = new FileStorage(dir);
    const m = createBatchMapper({
      mode: 'gauge',
      resource: {},
      revisionWindowMs: 1,
      seriesTtlMs: 1,
      storage: store,
      logger: silentLogger(),
    });
    await m.load();
    const out = await m.map(batchOf(REQUESTS, [bucket(T0, 5)]));
    expect(out.metrics[0]?.descriptor.kind).toBe('gauge');
    expect(await store.keys()).toEqual([]);
  });
});
