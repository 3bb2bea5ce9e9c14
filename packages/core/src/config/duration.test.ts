import { describe, expect, it } from 'vitest';
import { duration, formatDuration, MAX_DURATION_MS, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['1.5s', 1_500],
    ['0', 0],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', 'abc', '5 m', '1x', '-1s'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('formats back', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(1_500)).toBe('1s500ms');
  });

  it('schema reports bounds and syntax', () => {
    const schema = duration({ min: 1_000 });
    expect(schema.parse('2s')).toBe(2_000);
    expect(schema.safeParse('10ms').error?.issues[0]?.message).toBe('duration "10ms" must be at least 1s');
    expect(schema.safeParse('soon').error?.issues[0]?.message).toMatch(/invalid duration "soon"/);
  });
});

describe('durations a timer can hold', () => {
  it(`rejects a duration over ${MAX_DURATION_MS} ms by default, naming the maximum`, () => {
    const schema = duration({ min: 1_000 });
    expect(schema.parse('24d')).toBe(24 * 86_400_000);
    expect(schema.safeParse('30d').error?.issues[0]?.message).toBe(
      'duration "30d" is too long: at most 24d (a longer wait cannot be scheduled)',
    );
    expect(schema.safeParse('99999999999999999999h').success).toBe(false);
  });

  it('a schema whose duration is not a timer may allow more', () => {
    expect(duration({ max: 365 * 86_400_000 }).parse('30d')).toBe(30 * 86_400_000);
  });
});
