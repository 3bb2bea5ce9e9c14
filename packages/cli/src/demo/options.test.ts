import { describe, expect, it } from 'vitest';
import { UsageError } from '../args.js';
import { DEMO_DEFAULTS, parseDemoArgs } from './options.js';

describe('parseDemoArgs', () => {
  it('has defaults that fit in two minutes of wall time', () => {
    const o = parseDemoArgs(['demo']);
    expect(o).toEqual(DEMO_DEFAULTS);
    expect(o.durationMs / o.speed).toBeLessThanOrEqual(90_000);
  });

  it.each([
    [['--zones', '5'], { zones: 5 }],
    [['--zones=7'], { zones: 7 }],
    [['--duration', '1h'], { durationMs: 3_600_000 }],
    [['--speed', '60'], { speed: 60 }],
    [['--seed', '9'], { seed: 9 }],
    [['--out', 'x'], { out: 'x' }],
    [['--settling', 'heavy-tail'], { settling: 'heavy-tail' }],
    [['--settling=fast'], { settling: 'fast' }],
    [['--no-vm'], { vm: false }],
    [['-c', 'f.yaml'], { config: 'f.yaml' }],
    [['--log-level', 'debug'], { logLevel: 'debug' }],
  ])('reads %j', (argv, expected) => {
    expect(parseDemoArgs(['demo', ...argv])).toEqual({ ...DEMO_DEFAULTS, ...expected });
  });

  it.each([
    [['--zones', '0'], '--zones must be an integer from 1 to 50, not "0"'],
    [['--zones', '2.5'], '--zones must be an integer from 1 to 50, not "2.5"'],
    [['--duration', '30s'], '--duration must be a duration of at least 1m, e.g. 20m, not "30s"'],
    [['--duration', 'soon'], '--duration must be a duration of at least 1m, e.g. 20m, not "soon"'],
    [['--speed', '0'], '--speed must be a number from 1 to 1000, not "0"'],
    [['--out'], '--out needs a value'],
    [['--settling', 'slow'], '--settling must be one of default, fast, heavy-tail, not "slow"'],
    [['--log-level', 'loud'], '--log-level must be one of'],
    [['--frobnicate'], 'unknown demo option --frobnicate'],
    [['extra'], 'unexpected argument "extra"'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseDemoArgs(['demo', ...argv])).toThrow(UsageError);
    expect(() => parseDemoArgs(['demo', ...argv])).toThrow(message);
  });
});
