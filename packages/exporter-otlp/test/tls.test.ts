import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Batch, Exporter } from '@settle/core';
import { batchOf, createTestContext, FakeClock, RecordingHost } from '@settle/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { otlpConfigSchema } from '../src/config/schema.js';
import { createOtlpExporter } from '../src/otlp-definition.js';
import { bucket, REQUESTS } from './support/batches.js';
import { FakeReceiver } from './support/fake-receiver.js';
import { LogCapture } from './support/log-capture.js';

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const HAVE = haveOpenssl();
if (!HAVE) console.warn('openssl not found: the https tests (tls.ca_file, insecure_skip_verify) are SKIPPED');

describe.skipIf(!HAVE)('https endpoints', () => {
  const receiver = new FakeReceiver();
  const dir = mkdtempSync(join(tmpdir(), 'otlp-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const batch: Batch = batchOf(REQUESTS, [bucket(Date.UTC(2026, 0, 1), 1)]);
  let base = '';

  beforeAll(async () => {
    // A self-signed certificate for 127.0.0.1, made per run so no key lives in the repository.
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'],
        ...['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
      ],
      { stdio: 'ignore' },
    );
    base = await receiver.start({ key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') });
  }, 30_000);

  afterAll(async () => {
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => receiver.reset());

  async function exporter(tls: Record<string, unknown>, logs: LogCapture): Promise<Exporter> {
    const ctx = createTestContext({ id: 'otlp', kind: 'exporter', clock: new FakeClock(), logger: logs.logger });
    const config = otlpConfigSchema.parse({ endpoint: base, tls, batch: { flush_interval: '0' } });
    const exp = await createOtlpExporter(ctx, config, {});
    await exp.start(new RecordingHost());
    return exp;
  }

  it('trusts the CA given in tls.ca_file', async () => {
    const exp = await exporter({ ca_file: certFile }, new LogCapture());
    await exp.consume(batch);
    await receiver.received(1);
    await exp.shutdown();
    expect(receiver.requests[0]?.path).toBe('/v1/metrics');
  });

  it('refuses an unknown certificate as a permanent error, without retrying', async () => {
    const logs = new LogCapture();
    const exp = await exporter({}, logs);
    await exp.consume(batch);
    const line = await logs.waitFor(/dropped a batch/);
    await exp.shutdown();
    expect(line).toMatchObject({ reason: 'permanent_error', code: 'tls_failed' });
    expect(receiver.requests).toHaveLength(0);
  });

  it('skips verification with tls.insecure_skip_verify', async () => {
    const exp = await exporter({ insecure_skip_verify: true }, new LogCapture());
    await exp.consume(batch);
    await receiver.received(1);
    await exp.shutdown();
    expect(receiver.requests).toHaveLength(1);
  });
});
