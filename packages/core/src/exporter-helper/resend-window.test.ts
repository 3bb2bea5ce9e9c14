import { describe, expect, it } from 'vitest';
import { retryableError } from '../errors/settle-error.js';
import type { Batch } from '../model/types.js';
import { RecordingHost } from '../../testing/context.js';
import { batchOf } from '../../testing/batch-of.js';
import { setup } from '../../test/support/delivery-harness.js';

const M = { name: 'm', kind: 'gauge' } as const;
/** Bucket `t` of series `s` at `value`. */
const point = (s: string, t: number, value: number) => ({ attributes: { s }, timeMs: t, value });
const pairs = (b: Batch | undefined) =>
  b?.metrics.flatMap((m) => m.points.map((p) => [p.attributes.s, p.timeMs, p.value]));

describe('resend_window', () => {
  it('is off by default: a failed-then-successful request sends nothing again', async () => {
    const { clock, exporter, sender } = setup([retryableError('http_503', 'down')]);
    await exporter.start(new RecordingHost());
    await exporter.consume(batchOf(M, [point('a', 1, 1)]));
    await clock.advance(1_000);
    await exporter.consume(batchOf(M, [point('a', 2, 2)]));
    await clock.advance(10_000);
    expect(sender.delivered.map(pairs)).toEqual([[['a', 1, 1]], [['a', 2, 2]]]);
    await exporter.shutdown();
  });

  it('after a failed-then-successful request, sends the window again with the newest value of each point', async () => {
    const { clock, exporter, sender, metrics } = setup(['ok', retryableError('http_503', 'down')], {
      resend_window: '15s',
    });
    await exporter.start(new RecordingHost());
    await exporter.consume(batchOf(M, [point('a', 1, 1), point('b', 1, 5)]));
    await clock.advance(1_000); // acked at 1 s
    await exporter.consume(batchOf(M, [point('a', 1, 3), point('a', 2, 2)])); // a newer revision of a@1
    await clock.advance(5_000); // fails at 2 s, succeeds at 3 s, then the window goes again
    expect(sender.delivered.map(pairs)).toEqual([
      [
        ['a', 1, 1],
        ['b', 1, 5],
      ],
      [
        ['a', 1, 3],
        ['a', 2, 2],
      ],
      [
        ['a', 1, 3],
        ['b', 1, 5],
        ['a', 2, 2],
      ],
    ]);
    expect(await metrics.value('settle_exporter_resent_points')).toBe(3);
    expect(await metrics.value('settle_exporter_sent_points')).toBe(4);
    await exporter.shutdown();
  });

  it('re-sends before anything newer when the backend epoch changes, and only what is within the window', async () => {
    let epoch: string | undefined = 'start-1';
    const { clock, exporter, sender } = setup([], { resend_window: '15s' }, { epoch: () => epoch });
    await exporter.start(new RecordingHost());
    await exporter.consume(batchOf(M, [point('a', 1, 1)]));
    await clock.advance(1_000); // acked at 1 s
    await clock.advance(20_000);
    await exporter.consume(batchOf(M, [point('a', 2, 2)]));
    await clock.advance(1_000); // probe at 22 s: same epoch, a@1 is older than the window → safe
    epoch = undefined; // probe failed: nothing concluded
    await exporter.consume(batchOf(M, [point('a', 3, 3)]));
    await clock.advance(1_000);
    epoch = 'start-2'; // restarted
    await exporter.consume(batchOf(M, [point('a', 4, 4)]));
    await clock.advance(1_000);
    expect(sender.delivered.map(pairs)).toEqual([
      [['a', 1, 1]],
      [['a', 2, 2]],
      [['a', 3, 3]],
      [
        ['a', 2, 2],
        ['a', 3, 3],
      ],
      [['a', 4, 4]],
    ]);
    await exporter.shutdown();
  });

  it('keeps what was acked until a probe has seen the backend alive a window later, however sparse the pushes', async () => {
    let epoch = 'start-1';
    const { clock, exporter, sender } = setup([], { resend_window: '15s' }, { epoch: () => epoch });
    await exporter.start(new RecordingHost());
    await exporter.consume(batchOf(M, [point('a', 1, 1)]));
    await clock.advance(1_000);
    await clock.advance(10 * 60_000); // idle for ten minutes; the backend restarted meanwhile
    epoch = 'start-2';
    await exporter.consume(batchOf(M, [point('a', 2, 2)]));
    await clock.advance(1_000);
    expect(sender.delivered.map(pairs)).toEqual([[['a', 1, 1]], [['a', 1, 1]], [['a', 2, 2]]]);
    await exporter.shutdown();
  });

  it('keeps at most resend_max_points: the oldest requests leave early, counted and logged', async () => {
    const down = retryableError('http_503', 'down');
    const { clock, exporter, sender, metrics, lines } = setup(['ok', 'ok', 'ok', down], {
      resend_window: '15s',
      resend_max_points: 3,
    });
    await exporter.start(new RecordingHost());
    for (const [s, t] of [
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ] as const) {
      await exporter.consume(batchOf(M, [point(s, t, 1), point(s, t + 1, 1)]));
      await clock.advance(1_000);
    }
    // Held: 6 points acknowledged against a bound of 3: a's and b's requests left, c's is kept.
    expect(await metrics.value('settle_exporter_resend_evicted_points')).toBe(4);
    await exporter.consume(batchOf(M, [point('d', 1, 1)]));
    await clock.advance(5_000); // fails, then succeeds: the window goes again
    expect(sender.delivered.slice(4).map(pairs)).toEqual([
      [
        ['c', 1, 1],
        ['c', 2, 1],
        ['d', 1, 1],
      ],
    ]);
    expect(await metrics.value('settle_exporter_resent_points')).toBe(3);
    const warned = lines.filter((l) => l.msg.includes('resend_max_points'));
    expect(warned).toHaveLength(1); // once a minute at most, though requests left twice
    await exporter.shutdown();
  });
});
