import { describe, expect, it } from 'vitest';
import { yaml } from '../../test/fixtures/config/check.js';
import { parseConfig } from './parse.js';

const parse = (text: string, env: Record<string, string> = {}) => parseConfig(text, 'settle.yaml', env);

describe('parseConfig: YAML syntax errors become positioned problems', () => {
  it.each([
    {
      name: 'tab used for indentation',
      text: yaml('receivers:', '  gen:', '\tinterval: 1s'),
      line: 3,
      column: 1,
      message: 'a tab is used for indentation: YAML indents with spaces only',
    },
    {
      name: "tab inside a mapping: one problem, not the parser's follow-ups",
      text: yaml('receivers:', '  gen:', '    interval: 1s', '\tseries: 2', '    labels: {}'),
      line: 4,
      column: 1,
      message: 'a tab is used for indentation',
    },
    {
      name: 'mapping items at different columns',
      text: yaml('receivers:', '  gen:', '    interval: 1s', '   series: 2'),
      line: 4,
      column: 1,
      message: 'bad indentation: all mapping items must start at the same column',
    },
    {
      name: 'unclosed quote, reported at the opening quote',
      text: yaml('exporters:', '  vm:', '    endpoint: "http://vm:8428', 'service:', '  pipelines: {}'),
      line: 3,
      column: 15,
      message: 'unclosed quote',
    },
    {
      name: 'several documents',
      text: yaml('receivers: {}', '---', 'exporters: {}'),
      line: 2,
      column: 1,
      message: 'the file holds several YAML documents',
    },
  ])('$name', ({ text, line, column, message }) => {
    const { parsed, problems } = parse(text);
    expect(parsed).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'settle.yaml', line, column });
    expect(problems[0]!.message).toContain(message);
  });

  it('names the YAML path of the value an unclosed quote starts', () => {
    const { problems } = parse(yaml('exporters:', '  vm:', '    endpoint: "http://vm:8428', 'service: {}'));
    expect(problems[0]?.path).toBe('exporters.vm.endpoint');
  });

  it('reports a duplicate key outside the component sections as a key, with the first line', () => {
    const { parsed, problems } = parse(yaml('service:', '  data_dir: a', '  data_dir: b'));
    expect(parsed).toBeDefined();
    expect(problems).toEqual([
      {
        file: 'settle.yaml',
        line: 3,
        column: 3,
        path: 'service.data_dir',
        message: 'duplicate key "data_dir": first defined at line 2',
      },
    ]);
  });

  it('keeps the first of duplicate keys for validation', () => {
    const { parsed } = parse(yaml('service:', '  data_dir: a', '  data_dir: b'));
    expect(parsed?.source.doc.toJS()).toEqual({ service: { data_dir: 'a' } });
  });

  it.each([
    ['an empty file', '', 'the config is empty'],
    ['only a comment', '# nothing yet\n', 'the config is empty'],
    ['a list at the top', '- receivers\n', 'the config must be a mapping'],
    ['a scalar at the top', 'hello\n', 'the config must be a mapping'],
  ])('rejects %s', (_name, text, message) => {
    const { parsed, problems } = parse(text);
    expect(parsed).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(message);
    expect(problems[0]!.line).toBe(1);
  });

  it('returns the plugins list with positions', () => {
    const { parsed, problems } = parse(
      yaml('plugins:', '  - "@acme/settle-receiver-foo"', '  - ./local-plugin', 'receivers: {}'),
    );
    expect(problems).toEqual([]);
    expect(parsed?.plugins).toEqual([
      { spec: '@acme/settle-receiver-foo', line: 2, column: 5, path: 'plugins[0]' },
      { spec: './local-plugin', line: 3, column: 5, path: 'plugins[1]' },
    ]);
  });

  it('rejects a plugin entry that is not a name, and skips one whose variable is unset', () => {
    const { parsed, problems } = parse(yaml('plugins: [42, "${env:PLUGIN}", ok]'));
    expect(parsed?.plugins.map((p) => p.spec)).toEqual(['ok']);
    expect(problems.map((p) => [p.line, p.column, p.path, p.message])).toEqual([
      [1, 11, 'plugins[0]', 'a plugin must be a package name or a path'],
      [1, 15, 'plugins[1]', 'environment variable PLUGIN is not set (use ${env:PLUGIN:-default} for a fallback)'],
    ]);
  });
});
