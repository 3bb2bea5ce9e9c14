// Hostile and unlucky config files (issue 19): each case once ended in a stack trace, a silent OK, or an
// unreadable message. Every one must now be a positioned problem in plain words.
import { describe, expect, it } from 'vitest';
import { check, yaml } from '../../test/fixtures/config/check.js';
import { expandEnv } from './env-expand.js';
import { MAX_NESTING } from './limits.js';
import { ConfigError, MAX_LISTED_PROBLEMS } from './problems.js';

const pipeline = ['service:', '  pipelines:', '    metrics: { receivers: [gen], exporters: [debug] }'];

function only(text: string) {
  const { config, problems } = check(text);
  expect(config).toBeUndefined();
  expect(problems.length).toBeGreaterThan(0);
  return problems;
}

describe('YAML aliases', () => {
  it('an alias to an anchor that does not exist is a problem at the alias', () => {
    const problems = only(yaml('receivers:', '  gen: *nope', 'exporters:', '  debug:', ...pipeline));
    expect(problems).toEqual([
      expect.objectContaining({ line: 2, column: 8, message: expect.stringContaining('*nope') as string }),
    ]);
    expect(problems[0]!.message).toMatch(/no anchor &nope/);
  });

  it('an alias to an anchor defined later is a problem at the alias', () => {
    const problems = only(yaml('receivers:', '  gen: *later', 'exporters:', '  debug: &later {}', ...pipeline));
    expect(problems[0]).toMatchObject({ line: 2, column: 8 });
    expect(problems[0]!.message).toMatch(/before/);
  });

  it('an alias bomb inside a component is refused before it is expanded', () => {
    const bomb = [
      '  gen:',
      '    labels: &a0 { k: v }',
      ...Array.from({ length: 12 }, (_, i) => `    x${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`),
    ];
    const problems = only(yaml('receivers:', ...bomb, 'exporters:', '  debug:', ...pipeline));
    expect(problems.some((p) => /aliases expand to more than/.test(p.message) && p.line > 2)).toBe(true);
  });

  it('an alias bomb in a list is refused too', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(',')}]`,
      );
    const problems = only(yaml('receivers:', '  gen:', 'exporters:', '  debug:', ...pipeline, ...lines));
    expect(problems.some((p) => /aliases expand/.test(p.message))).toBe(true);
  });

  it('an alias that contains itself is a problem', () => {
    const problems = only(yaml('receivers:', '  gen: &self { labels: *self }', 'exporters:', '  debug:', ...pipeline));
    expect(problems[0]!.message).toMatch(/alias|anchor/);
  });

  it('a normal alias still works', () => {
    const text = yaml('receivers:', '  gen: &g { series: 2 }', '  gen/b: *g', 'exporters:', '  debug:', ...pipeline);
    expect(check(text).problems).toEqual([]);
  });
});

describe('deep nesting', () => {
  it(`more than ${MAX_NESTING} nested flow collections are refused at the level that crosses the limit`, () => {
    const problems = only(`a: ${'['.repeat(1_000_000)}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/nested more than \d+ levels deep/);
    expect(problems[0]).toMatchObject({ line: 1, column: 4 + MAX_NESTING });
  });

  it('deep block nesting is refused in the same words', () => {
    let text = '';
    for (let i = 0; i < 2_000; i++) text += `${' '.repeat(i)}k:\n`;
    const problems = only(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/nested more than \d+ levels deep/);
  });

  it('nested compact sequences are refused in the same words', () => {
    const problems = only(`${'- '.repeat(100_000)}x\n`);
    expect(problems[0]!.message).toMatch(/nested more than \d+ levels deep/);
  });

  it('brackets inside quoted strings and comments do not count', () => {
    const text = yaml(
      'receivers:',
      `  gen: { labels: { a: "${'['.repeat(200)}" } } # ${'{'.repeat(200)}`,
      'exporters:',
      '  debug:',
      ...pipeline,
    );
    expect(check(text).problems).toEqual([]);
  });
});

describe('binary files', () => {
  it('a file with NUL bytes is "not a text YAML file", without echoing its bytes', () => {
    const problems = only('\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0receivers: {}\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/not a text YAML file/);
    expect(problems[0]!.message).not.toMatch(/ELF/);
  });

  it('invalid UTF-8 (replacement characters) is not a text YAML file either', () => {
    const problems = only(`receivers: \ufffd\ufffd\ufffd\ufffd\n`);
    expect(problems[0]!.message).toMatch(/not a text YAML file/);
  });
});

describe('many problems', () => {
  it(`lists the first ${MAX_LISTED_PROBLEMS} and counts the rest`, () => {
    const labels = Array.from({ length: 5_000 }, (_, i) => `      l${i}: [1]`);
    const text = yaml('receivers:', '  gen:', '    labels:', ...labels, 'exporters:', '  debug:', ...pipeline);
    const problems = only(text);
    expect(problems).toHaveLength(5_000);
    const message = new ConfigError(problems).message;
    expect(message.split('\n')).toHaveLength(1 + MAX_LISTED_PROBLEMS + 1);
    expect(message).toMatch(/invalid config \(5000 problems\)/);
    expect(message).toMatch(/\.\.\. and 4900 more problems$/);
  });
});

describe('YAML slips in plain words', () => {
  it('a missing space after ":" says so', () => {
    const problems = only(yaml('receivers:', '  gen:', '    interval:2s', '    series: 5'));
    expect(problems).toEqual([expect.objectContaining({ line: 3, column: 5 })]);
    expect(problems[0]!.message).toMatch(/missing space after ":"/);
    expect(problems[0]!.message).not.toMatch(/implicit/i);
  });

  it('two keys on one line say "check the indentation"', () => {
    const problems = only(yaml('service:', '  pipelines:', '    metrics: receivers: [x]'));
    expect(problems[0]).toMatchObject({ line: 3 });
    expect(problems[0]!.message).toMatch(/check the indentation/);
    expect(problems[0]!.message).not.toMatch(/compact mapping/i);
  });

  it('a line indented too far says "check the indentation"', () => {
    const problems = only(yaml('receivers:', '  gen:', '    series: 1', '     interval: 2s'));
    expect(problems.every((p) => !/implicit|compact/i.test(p.message))).toBe(true);
    expect(problems[0]!.message).toMatch(/check the indentation/);
  });
});

describe('other YAML slips name no parser token', () => {
  it.each([
    ['a list on the line of its key', yaml('receivers: - gen'), /list cannot start on the same line/],
    ['a key without colon', yaml('receivers:', '  gen: {}', '  debug'), /a key without ":"/],
    ['a value starting with @', yaml('receivers:', '  gen: { labels: { a: @x } }'), /must be quoted/],
    ['a stray closing bracket', yaml('receivers: ]'), /closing bracket without its opening one/],
  ])('%s', (_, text, message) => {
    const problems = only(text);
    expect(problems[0]!.message).toMatch(message);
    expect(problems.every((p) => !/seq-ind|flow-seq|Implicit map|reserved character/.test(p.message))).toBe(true);
  });
});

describe('control characters', () => {
  it.each([
    ['NUL', '\\0'],
    ['BEL', '\\a'],
    ['ESC', '\\e'],
  ])('a raw %s in a string value is refused with its position', (_, escape) => {
    const problems = only(
      yaml('receivers:', '  gen:', `    labels: { env: "de${escape}mo" }`, 'exporters:', '  debug:', ...pipeline),
    );
    expect(problems).toEqual([expect.objectContaining({ line: 3, path: 'receivers.gen.labels.env' })]);
    expect(problems[0]!.message).toMatch(/control character/);
  });

  it('a raw control character in a key is refused', () => {
    const problems = only(
      yaml('receivers:', '  gen:', '    labels: { "e\\u001bnv": demo }', 'exporters:', '  debug:', ...pipeline),
    );
    expect(problems[0]!.message).toMatch(/control character/);
  });

  it('problems never print a raw control character', () => {
    const { problems } = check(yaml('receivers:', '  "g\\u001b[31men": {}', 'exporters:', '  debug:', ...pipeline));
    const message = new ConfigError(problems).message;
    // eslint-disable-next-line no-control-regex
    expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(message).toContain('\\u001b');
  });

  it('tabs inside a value are fine', () => {
    const text = yaml('receivers:', '  gen:', '    labels: { env: "a\\tb" }', 'exporters:', '  debug:', ...pipeline);
    expect(check(text).problems).toEqual([]);
  });
});

describe('${env:...} defaults', () => {
  it('expands a nested ${env:...} in a default', () => {
    expect(expandEnv('${env:A:-${env:B}}', { B: 'b' })).toEqual({ value: 'b' });
    expect(expandEnv('${env:A:-${env:B}}', { A: 'a', B: 'b' })).toEqual({ value: 'a' });
    expect(expandEnv('x${env:A:-${env:B:-${env:C}}/y}z', { C: 'c' })).toEqual({ value: 'xc/yz' });
  });

  it('only evaluates the default when it is used', () => {
    expect(expandEnv('${env:A:-${env:UNSET}}', { A: 'a' })).toEqual({ value: 'a' });
    expect(expandEnv('${env:A:-${env:UNSET}}', {})).toEqual({
      error: expect.stringMatching(/UNSET is not set/) as string,
    });
  });

  it('an unclosed nested reference is an error', () => {
    expect(expandEnv('${env:A:-${env:B}', {})).toEqual({ error: expect.stringMatching(/unterminated/) as string });
  });
});
