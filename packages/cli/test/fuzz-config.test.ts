// Fuzz: the shipped example configs, each with one mutation, through `settle validate` (issue 19).
// Properties: never a stack trace or an internal error, always file:line:col, never a raw control character on
// the terminal, and never "OK" for a mutation that is invalid whatever line it lands on.
// Fixed seed by default; FUZZ_SEED and FUZZ_RUNS vary it (e.g. FUZZ_RUNS=5000 for a longer hunt).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { captureIo } from './capture-io.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SEED = Number(process.env.FUZZ_SEED ?? 19);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const env = {
  CLOUDFLARE_API_TOKEN: 'token',
  CLOUDFLARE_ACCOUNT_ID: '0123456789abcdef0123456789abcdef',
};

// plugin.yaml names a plugin by a path relative to itself; the mutated copies live elsewhere.
const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.yaml') && f !== 'plugin.yaml')
  .map((f) => ({ name: f, text: readFileSync(join(root, 'examples', f), 'utf8') }));

/** A mutation: what it does to the text, and whether the result is invalid wherever it lands. */
interface Mutation {
  readonly describe: string;
  readonly apply: (lines: string[], at: number, junk: string) => string[];
  readonly alwaysInvalid: boolean;
}

const valueLines = (lines: string[]) =>
  lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*[A-Za-z_][\w./-]*:\s+[^\s#&*[{|>]/.test(l));
const indented = (lines: string[]) => lines.map((l, i) => [l, i] as const).filter(([l]) => /^ +[^\s#]/.test(l));
const contentLines = (lines: string[]) =>
  lines.map((l, i) => [l, i] as const).filter(([l]) => l.trim() !== '' && !l.trim().startsWith('#'));

/** Replaces the value of the `at`-th `key: value` line. */
function replaceValue(value: string): (lines: string[], at: number) => string[] {
  return (lines, at) => {
    const targets = valueLines(lines);
    const [line, i] = targets[at % targets.length]!;
    const out = [...lines];
    out[i] = line.replace(/^(\s*[A-Za-z_][\w./-]*:\s+).*$/, `$1${value}`);
    return out;
  };
}

function onLine(pick: (lines: string[]) => (readonly [string, number])[], edit: (line: string) => string) {
  return (lines: string[], at: number): string[] => {
    const targets = pick(lines);
    const [line, i] = targets[at % targets.length]!;
    const out = [...lines];
    out[i] = edit(line);
    return out;
  };
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

const INVALID: Mutation[] = [
  { describe: 'alias to no anchor', apply: replaceValue('*nowhere'), alwaysInvalid: true },
  { describe: 'unclosed flow list', apply: replaceValue('[a, b'), alwaysInvalid: true },
  { describe: 'unclosed quote', apply: replaceValue('"never closed'), alwaysInvalid: true },
  { describe: 'nesting too deep', apply: replaceValue(deep(200)), alwaysInvalid: true },
  { describe: 'control character in a value', apply: replaceValue('"a\\u001b[2Jb"'), alwaysInvalid: true },
  { describe: 'raw BEL in the file', apply: onLine(contentLines, (l) => `${l}\u0007`), alwaysInvalid: true },
  {
    describe: 'NUL byte',
    apply: onLine(contentLines, (l) => `${l.slice(0, 3)}\u0000${l.slice(3)}`),
    alwaysInvalid: true,
  },
  { describe: 'tab indentation', apply: onLine(indented, (l) => `\t${l.trimStart()}`), alwaysInvalid: true },
  {
    describe: 'undefined env variable',
    apply: replaceValue('${env:SETTLE_FUZZ_UNSET_VARIABLE}'),
    alwaysInvalid: true,
  },
  {
    describe: 'alias bomb',
    apply: (lines) => [
      ...lines,
      'bomb0: &b0 [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 8 }, (_, i) => `bomb${i + 1}: &b${i + 1} [${Array(10).fill(`*b${i}`).join(', ')}]`),
    ],
    alwaysInvalid: true,
  },
];

const ANY: Mutation[] = [
  ...[
    '30d',
    '400d',
    '99999999h',
    'javascript:alert(1)',
    '-1',
    '1e400',
    '0x1F',
    '',
    '~',
    '{}',
    '[]',
    'yes',
    '0',
    '"\\t"',
  ].map((v): Mutation => ({ describe: `value ${JSON.stringify(v)}`, apply: replaceValue(v), alwaysInvalid: false })),
  {
    describe: 'nested env default',
    apply: replaceValue('${env:UNSET_A:-${env:UNSET_B:-http://127.0.0.1:1}}'),
    alwaysInvalid: false,
  },
  ...[
    '!!binary aGVsbG8=',
    '!!set {a, b}',
    '!custom x',
    '!!timestamp 2001-12-14',
    '!!int 12',
    '!!float .inf',
    '&only',
    '*',
  ].map((v): Mutation => ({ describe: `tagged or bare ${v}`, apply: replaceValue(v), alwaysInvalid: false })),
  {
    describe: 'merge key',
    apply: onLine(valueLines, (l) => `${/^\s*/.exec(l)![0]}<<: { a: 1 }\n${l}`),
    alwaysInvalid: false,
  },
  {
    describe: 'complex key',
    apply: onLine(valueLines, (l) => `${/^\s*/.exec(l)![0]}? [a, b]\n${/^\s*/.exec(l)![0]}: c\n${l}`),
    alwaysInvalid: false,
  },
  { describe: 'directive and document start', apply: (l) => ['%YAML 1.1', '---', ...l], alwaysInvalid: false },
  { describe: 'byte order mark', apply: (l) => [`\ufeff${l[0] ?? ''}`, ...l.slice(1)], alwaysInvalid: false },
  { describe: 'long line', apply: replaceValue('x'.repeat(100_000)), alwaysInvalid: false },
  {
    describe: 'random characters inserted',
    apply: (l, at, junk) => {
      const text = l.join('\n');
      const i = at % (text.length + 1);
      return `${text.slice(0, i)}${junk}${text.slice(i)}`.split('\n');
    },
    alwaysInvalid: false,
  },
  { describe: 'random characters as a value', apply: (l, at, junk) => replaceValue(junk)(l, at), alwaysInvalid: false },
  { describe: 'delete a line', apply: (l, at) => l.filter((_, i) => i !== at % l.length), alwaysInvalid: false },
  {
    describe: 'duplicate a line',
    apply: (l, at) => [...l.slice(0, at % l.length), ...l.slice(at % l.length)].concat(),
    alwaysInvalid: false,
  },
  { describe: 'indent one more', apply: onLine(contentLines, (l) => ` ${l}`), alwaysInvalid: false },
  { describe: 'indent one less', apply: onLine(indented, (l) => l.slice(1)), alwaysInvalid: false },
  {
    describe: 'missing space after colon',
    apply: onLine(valueLines, (l) => l.replace(/:\s+/, ':')),
    alwaysInvalid: false,
  },
  {
    describe: 'two keys on a line',
    apply: onLine(valueLines, (l) => l.replace(/:\s+/, ': x: ')),
    alwaysInvalid: false,
  },
  {
    describe: 'unknown key',
    apply: onLine(valueLines, (l) => `${l}\n${/^\s*/.exec(l)![0]}zz_unknown: 1`),
    alwaysInvalid: false,
  },
  { describe: 'truncated', apply: (l, at) => l.slice(0, at % l.length), alwaysInvalid: false },
];

const STACK_LINE = /^\s+at /m;
const POSITIONED = /^[^\n]*:\d+:\d+ {2}/m;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const cases = fc.record({
  example: fc.nat({ max: examples.length - 1 }),
  mutation: fc.oneof(fc.constantFrom(...INVALID), fc.constantFrom(...ANY)),
  at: fc.nat({ max: 10_000 }),
  junk: fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'grapheme-ascii', maxLength: 6 })),
});

function mutate(c: { example: number; mutation: Mutation; at: number; junk: string }): string {
  const { text } = examples[c.example]!;
  return c.mutation.apply(text.split('\n'), c.at, c.junk).join('\n');
}

describe('fuzz: mutated example configs', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'settle-fuzz-'));
  const file = join(dir, 'settle.yaml');

  it(`validate in-process: ${RUNS} cases (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        writeFileSync(file, mutate(c));
        const io = captureIo(env);
        const code = await main(['validate', '-c', file], io);
        const err = io.err();
        expect(err).not.toMatch(STACK_LINE);
        expect(err).not.toMatch(/internal error/);
        expect(err).not.toMatch(RAW_CONTROL);
        if (code === 0) {
          expect(c.mutation.alwaysInvalid, `${c.mutation.describe} passed validation`).toBe(false);
          expect(io.out()).toMatch(/^OK: /);
        } else {
          expect(code).toBe(1);
          expect(err).toMatch(POSITIONED);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  const bin = join(root, 'packages', 'cli', 'bin', 'settle.js');
  const itBuilt = existsSync(join(root, 'packages', 'cli', 'dist', 'src', 'main.js')) ? it : it.skip;
  itBuilt('validate through the real binary: the always-invalid mutations', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: examples.length - 1 }),
        fc.constantFrom(...INVALID),
        fc.nat(),
        (example, mutation, at) => {
          writeFileSync(file, mutate({ example, mutation, at, junk: '' }));
          const res = spawnSync(process.execPath, [bin, 'validate', '-c', file], {
            encoding: 'utf8',
            env: { ...process.env, ...env },
          });
          expect(res.status, mutation.describe).toBe(1);
          expect(res.stdout).toBe('');
          expect(res.stderr).toMatch(POSITIONED);
          expect(res.stderr).not.toMatch(STACK_LINE);
          expect(res.stderr).not.toMatch(RAW_CONTROL);
        },
      ),
      { seed: SEED, numRuns: Math.min(4, RUNS) },
    );
  });
});
