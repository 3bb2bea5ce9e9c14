import { describe, expect, it } from 'vitest';
import { pointKey, type SeenPoint } from './output-tail.js';
import { percentile, scoreOutput } from './score.js';

const START = 1_000_000 * 60_000;

function point(minute: number, value: number, seenAfterEndS: number, extra: Partial<SeenPoint> = {}): SeenPoint {
  const startMs = START + minute * 60_000;
  return {
    name: 'm',
    attributes: { zone: 'z' },
    startMs,
    timeMs: startMs + 60_000,
    firstValue: value,
    firstSeenMs: startMs + 60_000 + seenAfterEndS * 1000,
    atShutdown: false,
    lastValue: value,
    lines: 1,
    ...extra,
  };
}

describe('percentile', () => {
  it('uses the nearest rank', () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
    expect(percentile([5], 1)).toBe(5);
  });
});

describe('scoreOutput', () => {
  it('scores first and last values against the finals, and splits history, running and shutdown', () => {
    const finals = new Map<string, number>();
    for (let m = -2; m < 4; m++) finals.set(pointKey('m', { zone: 'z', account: 'a' }, START + m * 60_000), 100);
    const points = [
      point(-2, 100, 400), // history: counted for exactness, not for delay
      point(0, 100, 120),
      point(1, 90, 150, { lastValue: 100, lines: 2 }), // revised to the final value
      point(2, 80, 200),
      point(3, 50, 300, { atShutdown: true }),
    ];
    const s = scoreOutput(points, finals, START);
    expect(s).toMatchObject({ watched: 4, history: 1, running: 4, atShutdown: 1, revised: 1 });
    expect(s.exactFirst).toBe(50);
    expect(s.exactLast).toBe(75);
    expect(s.atShutdownExact).toBe(0);
    expect([s.delayP50, s.delayP90, s.delayP99]).toEqual([150, 200, 200]);
  });

  it('ignores the account label, which only the receiver knows', () => {
    expect(pointKey('m', { zone: 'z', account: 'x' }, 1)).toBe(pointKey('m', { zone: 'z' }, 1));
    expect(pointKey('m', { zone: 'z', status: '200' }, 1)).not.toBe(pointKey('m', { zone: 'z' }, 1));
  });
});
