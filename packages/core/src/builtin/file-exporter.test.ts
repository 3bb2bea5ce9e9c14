import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBatch } from '../model/batch.js';
import type { Batch } from '../model/types.js';
import { createMetricsRecorder } from '../../testing/metrics-recorder.js';
import { createTestContext } from '../../testing/index.js';
import { encodeBatchLines, fileExporter } from './file-exporter.js';

function batch(n: number, offset = 0, resource = {}): Batch {
  const points = Array.from({ length: n }, (_, i) => ({
    attributes: { series: String(i + offset) },
    startMs: 1_000,
    timeMs: 61_000,
    value: i + offset,
  }));
  return createBatch([{ descriptor: { name: 'm', kind: 'sum', temporality: 'delta' }, points }], resource);
}

function readLines(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}

describe('file exporter', () => {
  it('encodes one JSON object per point, resource only when present', () => {
    const text = encodeBatchLines(batch(2, 0, { host: 'h' }));
    expect(text.split('\n')).toEqual([
      '{"name":"m","attributes":{"series":"0"},"resource":{"host":"h"},"startMs":1000,"timeMs":61000,"value":0}',
      '{"name":"m","attributes":{"series":"1"},"resource":{"host":"h"},"startMs":1000,"timeMs":61000,"value":1}',
      '',
    ]);
    const gauge = createBatch([
      { descriptor: { name: 'g', kind: 'gauge' }, points: [{ attributes: {}, timeMs: 5, value: 2 }] },
    ]);
    expect(encodeBatchLines(gauge)).toBe('{"name":"g","attributes":{},"timeMs":5,"value":2}\n');
  });

  it('creates the folder, appends in order and flushes on shutdown', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'settle-file-')), 'deep', 'er', 'out.jsonl');
    const exporter = await fileExporter.create(
      createTestContext({ kind: 'exporter' }),
      fileExporter.config.parse({ path }),
    );
    await exporter.start({ reportStatus: () => undefined });
    await Promise.all([exporter.consume(batch(3, 0)), exporter.consume(batch(3, 3))]);
    await exporter.shutdown();
    const lines = readLines(path) as { value: number }[];
    expect(lines.map((l) => l.value)).toEqual([0, 1, 2, 3, 4, 5]);
    await expect(exporter.consume(batch(1))).rejects.toThrow(/closed/);
  });

  it('counts written points as sent and refused ones as failed, like every exporter', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'settle-file-')), 'out.jsonl');
    const metrics = createMetricsRecorder();
    const ctx = createTestContext({ id: 'file/out', kind: 'exporter', meter: metrics.meter });
    const exporter = await fileExporter.create(ctx, fileExporter.config.parse({ path }));
    await exporter.start({ reportStatus: () => undefined });
    await exporter.consume(batch(4));
    await exporter.shutdown();
    await expect(exporter.consume(batch(2))).rejects.toThrow(/closed/);
    expect(await metrics.value('settle_exporter_sent_points', { exporter: 'file/out' })).toBe(4);
    expect(await metrics.value('settle_exporter_send_failed_points', { exporter: 'file/out' })).toBe(2);
  });

  it('rotates by size, keeping max_backups files of whole lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-rot-'));
    const path = join(dir, 'out.jsonl');
    const lineBytes = encodeBatchLines(batch(1)).length;
    // Room for ~2 batches of 5 points per file.
    const max_megabytes = (lineBytes * 11) / (1024 * 1024);
    const exporter = await fileExporter.create(
      createTestContext({ kind: 'exporter' }),
      fileExporter.config.parse({ path, rotation: { max_megabytes, max_backups: 2 } }),
    );
    for (let i = 0; i < 10; i++) await exporter.consume(batch(5, i * 5));
    await exporter.shutdown();
    expect(readdirSync(dir).sort()).toEqual(['out.jsonl', 'out.jsonl.1', 'out.jsonl.2']);
    const values = (f: string): number[] => (readLines(join(dir, f)) as { value: number }[]).map((l) => l.value);
    // Newest data in the live file, older in .1, older still in .2; the oldest batches were dropped.
    expect(values('out.jsonl')).toEqual([40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
    expect(values('out.jsonl.1')).toEqual([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    expect(values('out.jsonl.2')).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
  });

  it('requires a path', () => {
    const result = fileExporter.config.safeParse({});
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['path']);
  });
});
