import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createBatch } from '../model/batch.js';
import { createMetricsRecorder } from '../../testing/metrics-recorder.js';
import { createTestContext } from '../../testing/index.js';
import { debugExporter } from './debug-exporter.js';

function capture(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const logger = pino({ level: 'info' }, stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const batch = createBatch([
  { descriptor: { name: 'a', kind: 'gauge' }, points: [{ attributes: { k: 'x' }, timeMs: 0, value: 1 }] },
  {
    descriptor: { name: 'b', kind: 'gauge' },
    points: [
      { attributes: { k: 'y' }, timeMs: 60_000, value: 2 },
      { attributes: { k: 'z' }, timeMs: 60_000, value: 3 },
    ],
  },
]);

describe('debug exporter', () => {
  it.each([
    ['basic', [{ msg: 'batch', metrics: 2, points: 3 }]],
    [
      'normal',
      [
        { msg: 'metric', metric: 'a', points: 1 },
        { msg: 'metric', metric: 'b', points: 2 },
      ],
    ],
    [
      'detailed',
      [
        { msg: 'point', metric: 'a', attributes: { k: 'x' }, pointTime: '1970-01-01T00:00:00.000Z', value: 1 },
        { msg: 'point', metric: 'b', attributes: { k: 'y' }, value: 2 },
        { msg: 'point', metric: 'b', attributes: { k: 'z' }, value: 3 },
      ],
    ],
  ])('verbosity %s logs the expected lines', async (verbosity, expected) => {
    const { logger, lines } = capture();
    const exporter = await debugExporter.create(
      createTestContext({ kind: 'exporter', logger }),
      debugExporter.config.parse({ verbosity }),
    );
    await exporter.consume(batch);
    const got = lines();
    expect(got).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(got[i]).toMatchObject(e));
  });

  it('counts what it logged as sent points', async () => {
    const metrics = createMetricsRecorder();
    const exporter = await debugExporter.create(
      createTestContext({ id: 'debug', kind: 'exporter', meter: metrics.meter }),
      debugExporter.config.parse({}),
    );
    await exporter.consume(batch);
    await exporter.consume(batch);
    expect(await metrics.value('settle_exporter_sent_points', { exporter: 'debug' })).toBe(6);
  });
});
