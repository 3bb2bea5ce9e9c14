import { describe, expect, it } from 'vitest';
import { check, yaml } from '../../test/fixtures/config/check.js';

/** A valid file to break one line at a time: gen → batch → debug. */
const valid = yaml(
  'receivers:', //                       1
  '  gen:', //                           2
  'processors:', //                      3
  '  batch:', //                         4
  'exporters:', //                       5
  '  debug:', //                         6
  'service:', //                         7
  '  pipelines:', //                     8
  '    metrics:', //                     9
  '      receivers: [gen]', //          10
  '      processors: [batch]', //       11
  '      exporters: [debug]', //        12
);

interface Case {
  readonly name: string;
  readonly text: string;
  readonly env?: Record<string, string>;
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly message: string;
  /** How many problems the file has in all (default 1): no noise around the real one. */
  readonly count?: number;
}

const cases: Case[] = [
  {
    name: 'unknown component type, listing what exists',
    text: valid.replace('  gen:', '  otlp:').replace('[gen]', '[otlp]'),
    line: 2,
    column: 3,
    path: 'receivers.otlp',
    message: 'unknown receiver type "otlp": available: cf, gen',
  },
  {
    name: 'type registered under another kind',
    text: valid.replace('  batch:', '  debug:').replace('[batch]', '[debug]'),
    line: 4,
    column: 3,
    path: 'processors.debug',
    message: 'unknown processor type "debug": "debug" is an exporter; move it to the exporters section',
  },
  {
    name: 'bad id syntax (uppercase type)',
    text: valid.replace('  gen:', '  Gen/eu:').replace('[gen]', '[Gen/eu]'),
    line: 2,
    column: 3,
    path: 'receivers.Gen/eu',
    message: 'invalid id "Gen/eu": the type "Gen" must be lowercase letters',
  },
  {
    name: 'bad id syntax (empty name)',
    text: valid.replace('  gen:', '  gen/:').replace('[gen]', '[gen/]'),
    line: 2,
    column: 3,
    path: 'receivers.gen/',
    message: 'invalid id "gen/": the name after "/" is empty',
  },
  {
    name: 'duplicate id',
    text: valid.replace('  debug:\n', '  debug:\n  debug:\n    verbosity: detailed\n'),
    line: 7,
    column: 3,
    path: 'exporters.debug',
    message: 'duplicate id "debug": first defined at line 6',
  },
  {
    name: 'unknown id in a pipeline names the section it belongs in',
    text: valid.replace('[gen]', '[gen, gen/eu]'),
    line: 10,
    column: 24,
    path: 'service.pipelines.metrics.receivers[1]',
    message: 'unknown receiver "gen/eu": it must be defined under receivers: or connectors:',
  },
  {
    name: 'misspelt id in a pipeline gets a suggestion',
    text: valid.replace('[debug]', '[debgu]'),
    line: 12,
    column: 19,
    path: 'service.pipelines.metrics.exporters[0]',
    message: 'unknown exporter "debgu": it must be defined under exporters: or connectors: (did you mean "debug"?)',
  },
  {
    name: 'exporter listed as a receiver',
    text: valid.replace('[gen]', '[debug]'),
    line: 10,
    column: 19,
    path: 'service.pipelines.metrics.receivers[0]',
    message:
      '"debug" is defined under exporters:, but the receivers of a pipeline must be defined under receivers: or connectors:',
  },
  {
    name: 'pipeline without receivers',
    text: valid.replace('      receivers: [gen]\n', ''),
    line: 9,
    column: 5,
    path: 'service.pipelines.metrics.receivers',
    message: 'pipeline "metrics" has no receivers',
  },
  {
    name: 'pipeline with an empty exporter list',
    text: valid.replace('[debug]', '[]'),
    line: 12,
    column: 7,
    path: 'service.pipelines.metrics.exporters',
    message: 'pipeline "metrics" has no exporters',
  },
  {
    name: 'pipeline type other than metrics',
    text: valid.replace('    metrics:', '    traces/x:'),
    line: 9,
    column: 5,
    path: 'service.pipelines.traces/x',
    message: 'pipeline type "traces" is not supported',
  },
  {
    name: 'processor listed twice',
    text: valid.replace('[batch]', '[batch, batch]'),
    line: 11,
    column: 27,
    path: 'service.pipelines.metrics.processors[1]',
    message: '"batch" is listed twice in the processors of pipeline "metrics"',
  },
  {
    name: 'unknown top-level key',
    text: valid.replace('processors:', 'procesors:'),
    line: 3,
    column: 1,
    path: 'procesors',
    message: 'unknown top-level key "procesors": did you mean "processors"?',
    count: 2, // and "unknown processor" in the pipeline, since the section is not read
  },
  {
    name: 'unknown key in a component config',
    text: valid.replace('  batch:\n', '  batch:\n    sise: 10\n'),
    line: 5,
    column: 5,
    path: 'processors.batch.sise',
    message: 'unknown key "sise": did you mean "size"?',
  },
  {
    name: 'unknown key in a nested object of a plain z.object',
    text: valid
      .replace('  gen:\n', '  cf:\n    api_token: t\n    zones: [z1]\n    retry:\n      max_atempts: 2\n')
      .replace('[gen]', '[cf]'),
    line: 6,
    column: 7,
    path: 'receivers.cf.retry.max_atempts',
    message: 'unknown key "max_atempts": did you mean "max_attempts"?',
  },
  {
    name: 'unknown key in a strict object, listing the allowed keys',
    text: valid.replace('  batch:\n', '  converge:\n    window: 5m\n').replace('[batch]', '[converge]'),
    line: 5,
    column: 5,
    path: 'processors.converge.window',
    message: 'unknown key "window": expected one of threshold',
  },
  {
    name: 'wrong type',
    text: valid.replace('  batch:\n', '  batch:\n    size: lots\n'),
    line: 5,
    column: 11,
    path: 'processors.batch.size',
    message: 'wrong type: expected number, got string "lots"',
  },
  {
    name: 'value out of range',
    text: valid.replace('  batch:\n', '  batch:\n    size: -5\n'),
    line: 5,
    column: 11,
    path: 'processors.batch.size',
    message: 'too small: expected number to be >0 (got number -5)',
  },
  {
    name: 'missing required value: reported at the component key',
    text: valid.replace('  debug:', '  vm:').replace('[debug]', '[vm]'),
    line: 6,
    column: 3,
    path: 'exporters.vm',
    message: 'missing required key "endpoint"',
  },
  {
    name: 'required key written without a value',
    text: valid.replace('  debug:', '  vm:\n    endpoint:').replace('[debug]', '[vm]'),
    line: 7,
    column: 5,
    path: 'exporters.vm.endpoint',
    message: 'missing value: expected string',
  },
  {
    name: 'invalid duration',
    text: valid.replace('  gen:\n', '  gen:\n    interval: 5 seconds\n'),
    line: 3,
    column: 15,
    path: 'receivers.gen.interval',
    message: 'invalid duration "5 seconds": use e.g. "500ms", "30s"',
  },
  {
    name: 'duration below the minimum',
    text: valid.replace('  gen:\n', '  gen:\n    interval: 10ms\n'),
    line: 3,
    column: 15,
    path: 'receivers.gen.interval',
    message: 'duration "10ms" must be at least 100ms',
  },
  {
    name: 'enum value not allowed',
    text: valid.replace('  debug:\n', '  debug:\n    verbosity: loud\n'),
    line: 7,
    column: 16,
    path: 'exporters.debug.verbosity',
    message: 'expected one of "basic", "detailed"; got string "loud"',
  },
  {
    name: 'unset environment variable without a default',
    text: valid.replace('  debug:', '  vm:\n    endpoint: http://${env:VM_HOST}:8428').replace('[debug]', '[vm]'),
    line: 7,
    column: 15,
    path: 'exporters.vm.endpoint',
    message: 'environment variable VM_HOST is not set',
  },
  {
    name: 'bad telemetry address',
    text: `${valid}  telemetry:\n    metrics:\n      address: localhost\n`,
    line: 15,
    column: 16,
    path: 'service.telemetry.metrics.address',
    message: 'invalid address "localhost": write host:port',
  },
  {
    name: 'telemetry port out of range',
    text: `${valid}  telemetry:\n    metrics:\n      address: 127.0.0.1:99999\n`,
    line: 15,
    column: 16,
    path: 'service.telemetry.metrics.address',
    message: 'invalid address "127.0.0.1:99999"',
  },
  {
    name: 'bad log level',
    text: `${valid}  telemetry:\n    logs: { level: verbose }\n`,
    line: 14,
    column: 20,
    path: 'service.telemetry.logs.level',
    message: 'invalid log level "verbose": use one of trace, debug, info, warn, error, fatal, silent',
  },
  {
    name: 'unknown key under service',
    text: `${valid}  extensions: []\n`,
    line: 13,
    column: 3,
    path: 'service.extensions',
    message: 'unknown key "extensions"',
  },
  {
    name: 'missing service section',
    text: valid.slice(0, valid.indexOf('service:')),
    line: 1,
    column: 1,
    path: 'service',
    message: 'missing service',
  },
  {
    name: 'missing pipelines',
    text: `${valid.slice(0, valid.indexOf('  pipelines:'))}  data_dir: ./data\n`,
    line: 7,
    column: 1,
    path: 'service',
    message: 'missing required key "pipelines"',
  },
  {
    name: 'unknown connector type',
    text: `${valid}connectors:\n  router:\n`,
    line: 14,
    column: 3,
    path: 'connectors.router',
    message: 'unknown connector type "router": available: forward',
  },
  {
    name: 'connector used on one side only',
    text: valid.replace('[debug]', '[debug, forward]') + 'connectors:\n  forward:\n',
    line: 14,
    column: 3,
    path: 'connectors.forward',
    message: 'connector "forward" is an exporter of pipeline "metrics" but no pipeline lists it under receivers',
  },
  {
    name: 'component settings that are not a mapping',
    text: valid.replace('  batch:', '  batch: 500'),
    line: 4,
    column: 10,
    path: 'processors.batch',
    message: 'wrong type: expected object, got number 500',
  },
  {
    name: 'plugins not a list',
    text: `plugins: ./my-plugin\n${valid}`,
    line: 1,
    column: 10,
    path: 'plugins',
    message: 'plugins must be a list',
  },
];

describe('resolveConfig: malformed configs', () => {
  it('accepts the base file', () => {
    expect(check(valid).problems).toEqual([]);
  });

  it.each(cases)('$name', (c) => {
    const { problems, config } = check(c.text, c.env);
    expect(config).toBeUndefined();
    const match = problems.find((p) => p.message.includes(c.message));
    expect(
      match,
      `no problem says ${JSON.stringify(c.message)}; got ${JSON.stringify(problems, null, 1)}`,
    ).toBeDefined();
    expect(match).toMatchObject({ file: 'settle.yaml', line: c.line, column: c.column, path: c.path });
    expect(problems).toHaveLength(c.count ?? 1);
  });

  it('reads an empty value, null and {} as "all defaults"', () => {
    const { config, problems } = check(valid.replace('  batch:', '  batch: null').replace('  debug:', '  debug: {}'));
    expect(problems).toEqual([]);
    expect(config?.receivers.get('gen')?.config).toEqual({ interval: 10_000, series: 1, labels: {} });
    expect(config?.processors.get('batch')?.config).toEqual({ size: 100 });
    expect(config?.exporters.get('debug')).toMatchObject({
      kind: 'exporter',
      type: 'debug',
      config: { verbosity: 'basic' },
    });
  });

  it('collects every problem of a file in one pass', () => {
    const text = yaml(
      'receivers:',
      '  gen:',
      '    interval: soon', //                           3: invalid duration
      '  nope:', //                                      4: unknown type
      'exporters:',
      '  vm:', //                                        6: missing endpoint
      '    timeout: ${env:TIMEOUT}', //                  7: unset variable
      'service:',
      '  telemetry: { logs: { level: loud } }', //       9: log level
      '  pipelines:',
      '    metrics:',
      '      receivers: [gen, missing]', //             12: unknown id
      '      exporters: [vm]',
    );
    const { problems } = check(text);
    expect(problems.map((p) => [p.line, p.path])).toEqual(
      expect.arrayContaining([
        [3, 'receivers.gen.interval'],
        [4, 'receivers.nope'],
        [6, 'exporters.vm'],
        [7, 'exporters.vm.timeout'],
        [9, 'service.telemetry.logs.level'],
        [12, 'service.pipelines.metrics.receivers[1]'],
      ]),
    );
    expect(problems).toHaveLength(6);
  });
});
