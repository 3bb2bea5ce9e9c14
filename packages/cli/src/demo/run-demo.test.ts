import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { EventEmitter } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { main } from '../main.js';
import { DEMO_DEFAULTS } from './options.js';
import { formatReport } from './report-text.js';
import { runDemo } from './run-demo.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'settle-demo-'));
  dirs.push(d);
  return d;
}

function io(): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    stdout,
    stderr,
    env: {},
    signals: new EventEmitter(),
    exit: () => undefined,
    isProcess: false,
    out: () => out,
    err: () => err,
  };
}

describe('settle demo', () => {
  it('runs the demo pipeline and reports figures computed from its real output', async () => {
    const out = tempDir();
    const cli = io();
    // Eight virtual minutes at 60×: the minutes read at start settle and are pushed, and the first minutes
    // watched from their start reach their final value (settling takes 2–6 virtual minutes).
    const report = await runDemo(
      { ...DEMO_DEFAULTS, zones: 2, durationMs: 8 * 60_000, speed: 60, out, vm: false },
      cli,
    );

    const lines = readFileSync(join(out, 'points.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    expect(report.fileLines).toBe(lines.length);
    // Every point converge emitted reached the file, and nothing else did.
    expect(report.convergeEmitted).toBe(lines.length);
    const distinct = new Set(
      lines.map((l) => {
        const p = JSON.parse(l) as { name: string; attributes: Record<string, unknown>; startMs: number };
        return `${p.name}${JSON.stringify(p.attributes)}@${p.startMs}`;
      }),
    );
    expect(report.filePoints).toBe(distinct.size);
    expect(report.score.running + report.score.atShutdown).toBe(report.filePoints);
    expect(report.score.watched + report.score.history).toBe(report.filePoints);

    expect(report.score.running).toBeGreaterThan(0);
    expect(report.score.exactFirst).toBeGreaterThan(0);
    expect(report.score.exactLast).toBeGreaterThanOrEqual(report.score.exactFirst);
    expect(report.queries).toBeGreaterThan(0);
    expect(report.rateLimited).toBe(0);
    expect(report.vm).toBeUndefined();
    expect(report.file).toBe(join(out, 'points.jsonl'));

    const text = formatReport(report);
    expect(text).toContain(join(out, 'points.jsonl'));
    expect(text).toMatch(/p50 \d+ s · p90 \d+ s · p99 \d+ s/);
    expect(cli.out()).toMatch(/settle demo: 2 simulated zones at http:\/\/127\.0\.0\.1:\d+/);
  }, 120_000);

  it('runs on the settling model asked for and says so in the report', async () => {
    const cli = io();
    const report = await runDemo(
      { ...DEMO_DEFAULTS, zones: 1, durationMs: 2 * 60_000, speed: 60, out: tempDir(), vm: false, settling: 'fast' },
      cli,
    );
    // Read back from the simulator the demo started, not echoed from the options.
    expect(report.settling).toBe('fast');
    expect(cli.out()).toContain('(settling model fast)');
    const text = formatReport(report);
    expect(text).toContain('seed 1, settling model fast)');
    expect(text).toContain("scored against the simulator's final values");
  }, 60_000);

  it("reports converge's own measurement of its exactness, by source, beside the simulator's score", async () => {
    const cli = io();
    // Windows close 15 virtual minutes after their minute ends; the minutes read at start close within 20.
    const report = await runDemo(
      { ...DEMO_DEFAULTS, zones: 1, durationMs: 20 * 60_000, speed: 120, out: tempDir(), vm: false },
      cli,
    );
    expect(report.measured.length).toBeGreaterThan(0);
    const sampled = report.measured.filter((m) => m.histories > 0);
    expect(sampled.length).toBeGreaterThan(0);
    for (const m of sampled) {
      expect(m.firstPushExactness).toBeGreaterThanOrEqual(0);
      expect(m.firstPushExactness).toBeLessThanOrEqual(1);
      expect(m.rule.threshold).toBeGreaterThanOrEqual(1);
      expect(m.firstPushDelay.p50).toBeGreaterThan(0);
    }
    const text = formatReport(report);
    expect(text).toContain('measured by converge itself');
    expect(text).toMatch(/sample {5}\d+ closed histor(y|ies): first push exact \d+\.\d\d %/);
  }, 120_000);

  it('is the `settle demo` command, with its own options and clear usage errors', async () => {
    const help = io();
    expect(await main(['demo', '--help'], help)).toBe(0);
    expect(help.out()).toContain('--duration D');

    const bad = io();
    expect(await main(['demo', '--speed', 'fast'], bad)).toBe(2);
    expect(bad.err()).toContain('--speed must be a number from 1 to 1000, not "fast"');
    expect(bad.err()).not.toMatch(/^\s+at /m);

    const missing = io();
    expect(await main(['demo', '--no-vm', '-c', join(tempDir(), 'nope.yaml')], missing)).toBe(1);
    expect(missing.err()).toMatch(/nope\.yaml/);
  });
});
