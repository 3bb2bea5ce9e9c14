import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exited, runOk } from './run.js';

/**
 * A real HTTP peer for the generated plugins: GET /value answers an increasing number (for the receiver),
 * POST /ingest records bodies and answers 503 to the first (retryable), 400 to the second (permanent), then 200.
 */
export async function startPeer(): Promise<{ url: string; bodies: string[]; statuses: number[]; server: Server }> {
  const bodies: string[] = [];
  const statuses: number[] = [];
  const answers = [503, 400];
  let value = 0;
  const server = createServer((req, res) => {
    if (req.method === 'GET') {
      res.end(JSON.stringify({ value: ++value }));
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      const status = answers.shift() ?? 200;
      statuses.push(status);
      res.statusCode = status;
      res.end(status === 400 ? 'bad batch' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, statuses, server };
}

/** A config naming both generated plugins by package name: the receiver feeds the exporter. */
export function writeConfig(dir: string, peerUrl: string, receiverPkg: string, exporterPkg: string): string {
  const file = join(dir, 'settle.yaml');
  writeFileSync(
    file,
    `plugins: ['${receiverPkg}', '${exporterPkg}']
receivers:
  acme_in: { url: ${peerUrl}/value, interval: 100ms }
exporters:
  acme_out:
    endpoint: ${peerUrl}/ingest
    retry_on_failure: { initial_interval: 50ms, randomization_factor: 0 }
    batch: { flush_interval: 10ms }
service:
  telemetry: { metrics: { enabled: false } }
  pipelines:
    metrics: { receivers: [acme_in], exporters: [acme_out] }
`,
  );
  return file;
}

export interface PipelineOutcome {
  readonly validate: string;
  readonly exitCode: number | null;
  readonly bodies: readonly string[];
  readonly statuses: readonly number[];
  readonly stderr: string;
}

/** `settle validate`, then `settle run` until the peer got 4 requests, then SIGTERM. */
export async function runPipeline(
  settle: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  receiverPkg: string,
  exporterPkg: string,
): Promise<PipelineOutcome> {
  const peer = await startPeer();
  try {
    const file = writeConfig(cwd, peer.url, receiverPkg, exporterPkg);
    const validate = await runOk(settle, ['validate', '-c', file], { cwd, env });
    const child = spawn(settle, ['run', '-c', file, '--log-level', 'warn'], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const deadline = Date.now() + 60_000;
    while (peer.bodies.length < 4 && child.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGTERM');
    const exitCode = await exited(child);
    return { validate: validate.stdout, exitCode, bodies: [...peer.bodies], statuses: [...peer.statuses], stderr };
  } finally {
    peer.server.close();
  }
}

/** The first point value of each POSTed batch. */
export function firstValues(bodies: readonly string[]): (number | undefined)[] {
  return bodies.map(
    (b) => (JSON.parse(b) as { metrics: { points: { value: number }[] }[] }).metrics[0]?.points[0]?.value,
  );
}
