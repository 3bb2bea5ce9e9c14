import { describe, expect, it } from 'vitest';
import { SettleError } from '../errors/settle-error.js';
import { ConfigError, formatProblems, type ConfigProblem } from './problems.js';

const problem = (line: number, column: number, path: string, message: string): ConfigProblem => ({
  file: 'conf/settle.yaml',
  line,
  column,
  path,
  message,
});

describe('formatProblems', () => {
  it('prints file:line:col  path  message, sorted by line then column', () => {
    const text = formatProblems([
      problem(12, 7, 'service.pipelines.metrics.receivers[1]', 'unknown receiver "x"'),
      problem(3, 9, 'receivers.gen.interval', 'invalid duration "soon"'),
      problem(3, 5, 'receivers.gen', 'missing required key "a"'),
    ]);
    expect(text).toBe(
      [
        'conf/settle.yaml:3:5  receivers.gen  missing required key "a"',
        'conf/settle.yaml:3:9  receivers.gen.interval  invalid duration "soon"',
        'conf/settle.yaml:12:7  service.pipelines.metrics.receivers[1]  unknown receiver "x"',
      ].join('\n'),
    );
  });

  it('leaves the path out when a problem is about the whole file', () => {
    expect(formatProblems([problem(0, 0, '', 'cannot read the config file: no such file')])).toBe(
      'conf/settle.yaml:0:0  cannot read the config file: no such file',
    );
  });
});

describe('ConfigError', () => {
  it('is a permanent SettleError whose message lists the problems', () => {
    const err = new ConfigError([problem(4, 1, 'x', 'second'), problem(2, 1, 'y', 'first')]);
    expect(err).toBeInstanceOf(SettleError);
    expect(err.code).toBe('config_invalid');
    expect(err.retryable).toBe(false);
    expect(err.problems.map((p) => p.message)).toEqual(['first', 'second']);
    expect(err.message).toBe(
      'invalid config (2 problems):\nconf/settle.yaml:2:1  y  first\nconf/settle.yaml:4:1  x  second',
    );
  });
});
