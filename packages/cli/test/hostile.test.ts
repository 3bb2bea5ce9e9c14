// Hostile configs through the real command (issue 19): each once passed `validate`, crashed, or hid its cause.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { captureIo } from './capture-io.js';

const STACK_LINE = /^\s+at /m;

function tempConfig(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'settle-hostile-')), 'settle.yaml');
  writeFileSync(file, yaml);
  return file;
}

async function validate(yaml: string, ...flags: string[]) {
  const io = captureIo({ CLOUDFLARE_API_TOKEN: 't' });
  const code = await main(['validate', '-c', tempConfig(yaml), ...flags], io);
  expect(io.err()).not.toMatch(STACK_LINE);
  expect(io.err()).not.toMatch(/internal error/);
  return { code, out: io.out(), err: io.err() };
}

const cloudflare = (extra: string) =>
  `receivers:
  cloudflare:
    api_token: t
    zones: ['0123456789abcdef0123456789abcdef']
${extra}
exporters:
  debug:
service:
  pipelines:
    metrics: { receivers: [cloudflare], exporters: [debug] }
`;

const generatorTo = (exporter: string, service = '') =>
  `receivers:
  generator:
exporters:
${exporter}
service:
${service}
  pipelines:
    metrics: { receivers: [generator], exporters: [${exporter.trim().split(':')[0]}] }
`;

describe('endpoints must be http(s) URLs', () => {
  it.each([
    ['cloudflare endpoint', cloudflare('    endpoint: javascript:alert(1)'), 'receivers.cloudflare.endpoint'],
    [
      'cloudflare api_endpoint',
      cloudflare('    api_endpoint: file:///etc/passwd'),
      'receivers.cloudflare.api_endpoint',
    ],
    [
      'victoriametrics',
      generatorTo('  victoriametrics:\n    endpoint: javascript:alert(1)'),
      'exporters.victoriametrics.endpoint',
    ],
    ['otlp', generatorTo('  otlp:\n    endpoint: javascript:alert(1)'), 'exporters.otlp.endpoint'],
  ])('%s', async (_, yaml, path) => {
    const { code, err } = await validate(yaml);
    expect(code).toBe(1);
    expect(err).toMatch(new RegExp(`:\\d+:\\d+  ${path.replace(/\./g, '\\.')}  must be an http:// or https:// URL`));
  });
});

describe('durations a timer cannot hold', () => {
  it.each([
    ['poll_interval', '    poll_interval: 30d', 'receivers.cloudflare.poll_interval'],
    ['rate_limit.per', '    rate_limit: { per: 99999999h }', 'receivers.cloudflare.rate_limit.per'],
  ])('%s', async (_, extra, path) => {
    const { code, err } = await validate(cloudflare(extra));
    expect(code).toBe(1);
    expect(err).toContain(`${path}  duration`);
    expect(err).toMatch(/is too long: at most 24d/);
  });

  it('a 30-day retention is still fine where the duration is an age, not a wait', async () => {
    const { code } = await validate(generatorTo('  victoriametrics:\n    max_age: 30d'));
    expect(code).toBe(0);
  });
});

describe('validate runs the checks run would', () => {
  const persistent = generatorTo('  victoriametrics:\n    sending_queue: { storage: true }');

  it('a persistent queue without a data directory is refused by validate, at the key', async () => {
    const { code, err } = await validate(persistent);
    expect(code).toBe(1);
    expect(err).toMatch(/:5:\d+ {2}exporters\.victoriametrics\.sending_queue\.storage {2}.*service\.data_dir/);
  });

  it('service.data_dir or --data-dir satisfies it', async () => {
    expect((await validate(persistent.replace('service:\n', 'service:\n  data_dir: ./state\n'))).code).toBe(0);
    expect((await validate(persistent, '--data-dir', tmpdir())).code).toBe(0);
  });
});

describe('validate reads what run would read', () => {
  it.each([
    ['victoriametrics', generatorTo('  victoriametrics:\n    tls: { ca_file: /nonexistent/ca.pem }')],
    ['otlp', generatorTo('  otlp:\n    tls: { ca_file: /nonexistent/ca.pem }')],
  ])('%s: a CA file that cannot be read', async (type, yaml) => {
    const { code, err } = await validate(yaml);
    expect(code).toBe(1);
    expect(err).toContain(`exporters.${type}.tls.ca_file  cannot read "/nonexistent/ca.pem": no such file`);
  });
});

describe('files that are not YAML text', () => {
  it('a file too large for a config is refused before it is read', async () => {
    const io = captureIo();
    expect(await main(['validate', '-c', process.execPath], io)).toBe(1);
    expect(io.err()).toMatch(/:0:0 {2}the config file is larger than 16 MiB/);
  });

  it('a binary file is "not a text YAML file" and none of its bytes reach the terminal', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'settle-hostile-')), 'ls');
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    writeFileSync(file, Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\0'), bytes]));
    const io = captureIo();
    const code = await main(['validate', '-c', file], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/:\d+:\d+ {2}not a text YAML file/);
    expect(io.err()).not.toMatch(/ELF/);
    // eslint-disable-next-line no-control-regex
    expect(io.err()).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('control characters never reach the terminal raw', () => {
  it('in an argument echoed by a usage error', async () => {
    const io = captureIo();
    expect(await main(['frob\u001b[2Jnicate'], io)).toBe(2);
    expect(io.err()).toContain('frob\\u001b[2Jnicate');
    expect(io.err()).not.toContain('\u001b');
  });

  it('in a file name', async () => {
    const io = captureIo();
    expect(await main(['validate', '-c', join(tmpdir(), 'no\u0007such.yaml')], io)).toBe(1);
    expect(io.err()).toContain('no\\u0007such.yaml');
    expect(io.err()).not.toContain('\u0007');
  });
});
