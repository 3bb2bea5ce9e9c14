import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Batch } from '@settle/core';
import { batchOf } from '@settle/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISSING_VM_MESSAGE, VictoriaMetricsProcess, victoriaMetricsBinary } from '../testing/index.js';
import { sendAll } from './support/run-exporter.js';

const HAVE_VM = victoriaMetricsBinary() !== undefined;
if (!HAVE_VM) console.warn(MISSING_VM_MESSAGE);
const HAVE_OPENSSL = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!HAVE_OPENSSL) console.warn('SKIPPED: openssl not found; the TLS + basic auth tests need it to make a certificate');

const PASSWORD = 'secret-pw-4711';
const T = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;

function batch(name: string): Batch {
  return batchOf({ name, kind: 'gauge' }, [{ attributes: { k: 'v' }, timeMs: T, value: 12.5 }]);
}

describe.skipIf(!HAVE_VM || !HAVE_OPENSSL)('TLS and basic auth (real VictoriaMetrics with -tls and -httpAuth)', () => {
  let dir = '';
  let vm: VictoriaMetricsProcess;
  let cert = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'settle-tls-'));
    cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    vm = new VictoriaMetricsProcess({
      auth: { username: 'settle', password: PASSWORD },
      tls: { certFile: cert, keyFile: key },
    });
    await vm.start();
  }, 60_000);

  afterAll(async () => {
    await vm.cleanup();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  const auth = { basic_auth: { username: 'settle', password: PASSWORD } };

  it('delivers over HTTPS with the CA file and basic auth, and never logs the password', async () => {
    const run = await sendAll({ endpoint: vm.url, ...auth, tls: { ca_file: cert } }, [batch('tls_ok')]);
    expect(await vm.export('tls_ok')).toEqual([
      { metric: { __name__: 'tls_ok', k: 'v' }, values: [12.5], timestamps: [T] },
    ]);
    const base64 = Buffer.from(`settle:${PASSWORD}`).toString('base64');
    expect(run.raw.join('')).not.toContain(PASSWORD);
    expect(run.raw.join('')).not.toContain(base64);
  });

  it('delivers with insecure_skip_verify', async () => {
    await sendAll({ endpoint: vm.url, ...auth, tls: { insecure_skip_verify: true } }, [batch('tls_insecure')]);
    expect(await vm.export('tls_insecure')).toHaveLength(1);
  });

  it('refuses an untrusted certificate at once: permanent, with a message that says what to fix', async () => {
    const run = await sendAll({ endpoint: vm.url, ...auth }, [batch('tls_untrusted')]);
    expect(await run.metrics.value('settle_exporter_dropped_points', { reason: 'permanent_error' })).toBe(1);
    expect(await run.metrics.value('settle_exporter_retries')).toBe(0);
    expect(run.raw.join('')).toMatch(/self[- ]signed certificate/i);
    expect(run.raw.join('')).toContain('tls.ca_file');
    expect(await vm.export('tls_untrusted')).toEqual([]);
  });

  it('drops on a wrong password (401 is permanent) without retrying', async () => {
    const run = await sendAll(
      { endpoint: vm.url, basic_auth: { username: 'settle', password: 'wrong' }, tls: { ca_file: cert } },
      [batch('tls_unauthorized')],
    );
    expect(await run.metrics.value('settle_exporter_dropped_points', { reason: 'permanent_error' })).toBe(1);
    expect(await run.metrics.value('settle_exporter_retries')).toBe(0);
    expect(run.lines.some((l) => JSON.stringify(l).includes('http_401'))).toBe(true);
  });
});
