import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './cli.js';

describe('cloudflare-sim arguments', () => {
  it('maps flags to options, with an accelerated clock for --speed', () => {
    const opts = parseArgs(
      [
        '--port',
        '0',
        '--zones',
        '12',
        '--seed',
        '3',
        '--speed',
        '60',
        '--start',
        '2026-01-01T00:00:00Z',
        '--token',
        'a',
        '--token',
        'b',
        '--settling',
        'heavy-tail',
      ],
      0,
    );
    expect(opts).toMatchObject({ port: 0, zones: 12, seed: 3, tokens: ['a', 'b'], settling: 'heavy-tail' });
    expect(opts.clock?.now()).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 1));
  });

  it.each([
    [['--zones', 'x'], '--zones needs a whole number, got "x"'],
    [['--speed', '0'], '--speed needs a positive number, got "0"'],
    [['--start', 'yesterday'], '--start needs an ISO time, got "yesterday"'],
    [['--bogus'], 'unknown option "--bogus"'],
    [['--settling', 'slow'], '--settling needs one of default, fast, heavy-tail, got "slow"'],
    [['--port'], '--port needs a port number, got nothing'],
  ])('refuses %j with a one-line reason', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(new UsageError(message));
  });
});
