import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingHost } from '../../testing/context.js';
import { batch, setup } from '../../test/support/delivery-harness.js';
import { errorCodeOf, isPermanent, isRetryable, isThrottled, retryDelayOf } from './error-class.js';
import type * as thisCopy from './settle-error.js';
import { SettleError } from './settle-error.js';

type ErrorsModule = typeof thisCopy;

/**
 * A plugin that bundles its own @settle/core throws errors of a class this copy has never seen. To test that
 * for real, this compiles core's errors module into a temp dir and imports that second physical copy.
 */
let dir: string;
let other: ErrorsModule;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settle-second-core-'));
  const source = fileURLToPath(new URL('.', import.meta.url));
  for (const name of await readdir(source)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
    const { outputText } = ts.transpileModule(await readFile(join(source, name), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    await writeFile(join(dir, name.replace(/\.ts$/, '.js')), outputText);
  }
  other = (await import(pathToFileURL(join(dir, 'settle-error.js')).href)) as ErrorsModule;
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('errors from a second copy of core', () => {
  it('is another class, yet classified by this copy', () => {
    expect(other.SettleError).not.toBe(SettleError);
    const permanent = other.permanentError('bad_request', 'refused');
    const throttled = other.throttledError('http_429', 'slow down', 45_000);
    const plain = new other.SettleError('x', 'default');
    expect(Object.getPrototypeOf(permanent)).not.toBe(SettleError.prototype);
    expect([isPermanent(permanent), isRetryable(permanent), errorCodeOf(permanent)]).toEqual([
      true,
      false,
      'bad_request',
    ]);
    expect([isThrottled(throttled), retryDelayOf(throttled)]).toEqual([true, 45_000]);
    expect([isRetryable(plain), isPermanent(plain)]).toEqual([true, false]);
    expect(permanent instanceof SettleError).toBe(true);
  });

  it("the exporter helper drops the other copy's permanent error at once", async () => {
    const { clock, exporter, sender, metrics } = setup([other.permanentError('http_400', 'bad')]);
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(1));
    await clock.advance(60_000);
    expect(sender.calls).toHaveLength(1);
    expect(await metrics.value('settle_exporter_dropped_points', { reason: 'permanent_error' })).toBe(1);
    await exporter.shutdown();
  });

  it("the exporter helper waits the other copy's throttle delay", async () => {
    const { clock, exporter, sender, t0 } = setup([other.throttledError('http_429', 'slow down', 45_000)], {
      retry_on_failure: { max_interval: '5s' },
    });
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(1));
    await clock.advance(60_000);
    expect(sender.calls.map((c) => c.at - t0)).toEqual([1_000, 46_000]);
    await exporter.shutdown();
  });
});
