import { describe, expect, it } from 'vitest';
import { check, yaml } from '../../test/fixtures/config/check.js';
import { expandEnv } from './env-expand.js';
import { parseConfig } from './parse.js';

const env = { HOST: 'vm.local', PORT: '8428', EMPTY: '', DOLLAR: '$x' };

describe('expandEnv', () => {
  it.each([
    ['plain text', 'plain text'],
    ['${env:HOST}', 'vm.local'],
    ['http://${env:HOST}:${env:PORT}/api', 'http://vm.local:8428/api'],
    ['${env:MISSING:-fallback}', 'fallback'],
    ['${env:MISSING:-}', ''],
    ['${env:MISSING:-http://a:1}', 'http://a:1'],
    ['${env:HOST:-fallback}', 'vm.local'],
    ['${env:EMPTY:-fallback}', 'fallback'],
    ['${env:EMPTY}', ''],
    ['$$', '$'],
    ['cost: $$5', 'cost: $5'],
    ['$${env:HOST}', '${env:HOST}'],
    ['$$$${env:HOST}', '$${env:HOST}'],
    ['$$${env:HOST}', '$vm.local'],
    ['price $5', 'price $5'],
    ['trailing $', 'trailing $'],
    ['${env:DOLLAR}', '$x'],
  ])('%j → %j', (text, value) => {
    expect(expandEnv(text, env)).toEqual({ value });
  });

  it.each([
    ['${env:MISSING}', 'environment variable MISSING is not set (use ${env:MISSING:-default} for a fallback)'],
    ['a ${env:HOST', 'unterminated "${"'],
    ['${HOST}', 'unsupported reference "${HOST}": write ${env:HOST}'],
    ['${file:/etc/x}', 'unsupported reference "${file:/etc/x}": only ${env:VAR} and ${env:VAR:-default} are supported'],
    ['${env:1X}', 'invalid environment variable name "1X"'],
    ['${env:}', 'invalid environment variable name ""'],
  ])('%j is an error', (text, message) => {
    const result = expandEnv(text, env);
    expect('error' in result && result.error).toContain(message);
  });
});

describe('env expansion in a config file', () => {
  const text = yaml(
    'receivers:',
    '  gen:',
    '    series: ${env:SERIES}', // coerced by the schema, expanded as a string
    '    interval: ${env:INTERVAL:-15s}',
    '    labels:',
    '      region: "${env:REGION}"',
    '      literal: $${env:REGION}',
    'exporters:',
    '  vm:',
    '    endpoint: http://${env:HOST}:8428',
    'service:',
    '  pipelines:',
    '    metrics: { receivers: [gen], exporters: [vm] }',
  );

  it('expands values inside scalars, keeps them strings, leaves $$ as $', () => {
    const { parsed } = parseConfig(text, 'f.yaml', { SERIES: '3', REGION: 'eu', HOST: 'vm' });
    const js = parsed?.source.doc.toJS() as { receivers: { gen: Record<string, unknown> } };
    expect(js.receivers.gen).toEqual({
      series: '3',
      interval: '15s',
      labels: { region: 'eu', literal: '${env:REGION}' },
    });
  });

  it('hands expanded values to the component schema', () => {
    const { config, problems } = check(text, { SERIES: '3', REGION: 'eu', HOST: 'vm' });
    expect(problems).toEqual([]);
    expect(config?.receivers.get('gen')?.config).toEqual({
      series: 3,
      interval: 15_000,
      labels: { region: 'eu', literal: '${env:REGION}' },
    });
    expect(config?.exporters.get('vm')?.config).toEqual({ endpoint: 'http://vm:8428', timeout: 5_000 });
  });

  it('reports each unset variable at its scalar, without a second complaint about the raw text', () => {
    const { config, problems } = check(text, { REGION: 'eu' });
    expect(config).toBeUndefined();
    expect(problems.map((p) => [p.line, p.column, p.path])).toEqual([
      [3, 13, 'receivers.gen.series'],
      [10, 15, 'exporters.vm.endpoint'],
    ]);
    expect(problems[1]!.message).toBe('environment variable HOST is not set (use ${env:HOST:-default} for a fallback)');
  });

  it('does not expand keys', () => {
    const { parsed } = parseConfig(yaml('receivers:', '  ${env:X}: {}'), 'f.yaml', { X: 'gen' });
    expect(Object.keys((parsed?.source.doc.toJS() as { receivers: object }).receivers)).toEqual(['${env:X}']);
  });
});
