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
import { GrpcReceiver } from './support/grpc-receiver.js';
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
  const grpcReceiver = new GrpcReceiver();
  let grpcBase = '';
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
    const pem = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
    base = await receiver.start(pem);
    grpcBase = await grpcReceiver.start(pem);
  }, 30_000);

  afterAll(async () => {
    await receiver.stop();
    await grpcReceiver.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    receiver.reset();
    grpcReceiver.reset();
  });

  async function exporter(tls: Record<string, unknown>, logs: LogCapture, grpc = false): Promise<Exporter> {
    const ctx = createTestContext({ id: 'otlp', kind: 'exporter', clock: new FakeClock(), logger: logs.logger });
    const endpoint = grpc ? { protocol: 'grpc', endpoint: grpcBase } : { endpoint: base };
    const config = otlpConfigSchema.parse({ ...endpoint, tls, batch: { flush_interval: '0' } });
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

  describe('over gRPC (the same certificate, a TLS gRPC server)', () => {
    it('trusts the CA given in tls.ca_file', async () => {
      const exp = await exporter({ ca_file: certFile }, new LogCapture(), true);
      await exp.consume(batch);
      await grpcReceiver.received(1);
      await exp.shutdown();
      expect(grpcReceiver.calls).toHaveLength(1);
    });

    it('refuses an unknown certificate as a permanent error, without retrying', async () => {
      const logs = new LogCapture();
      const exp = await exporter({}, logs, true);
      await exp.consume(batch);
      const line = await logs.waitFor(/dropped a batch/);
      await exp.shutdown();
      expect(line).toMatchObject({ reason: 'permanent_error', code: 'tls_failed' });
      expect(grpcReceiver.calls).toHaveLength(0);
    });

    it('skips verification with tls.insecure_skip_verify', async () => {
      const exp = await exporter({ insecure_skip_verify: true }, new LogCapture(), true);
      await exp.consume(batch);
      await grpcReceiver.received(1);
      await exp.shutdown();
      expect(grpcReceiver.calls).toHaveLength(1);
    });
  });
});
