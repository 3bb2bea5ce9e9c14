import type { Names } from './names.js';
import type { PluginOptions } from './options.js';
import type { ComponentTemplate } from './template.js';

/** An exporter on createDeliveryExporter: POSTs each batch as JSON; core's status table says retry or drop. */
export function exporterTemplate(o: PluginOptions, n: Names): ComponentTemplate {
  const source = `import {
  bodySnippet,
  createDeliveryExporter,
  defineExporter,
  deliveryConfigShape,
  endpointUrl,
  errorForStatus,
  HttpTransport,
  targetOf,
} from '@settle/core';
import { z } from 'zod';

export const ${n.config} = z
  .object({
    endpoint: endpointUrl().describe('URL each batch is POSTed to, as JSON'),
    headers: z.record(z.string(), z.string()).default({}).describe('extra HTTP headers, e.g. authorization'),
    // timeout, retry_on_failure, sending_queue, batch: the exporter helper's settings.
    ...deliveryConfigShape,
  })
  .strict();

/**
 * Sends batches to an HTTP endpoint. The delivery helper owns the queue, batching, timeout, retry with backoff
 * (honouring Retry-After) and drain; this file owns only the request. A thrown error decides what happens to the
 * batch: retryable (429, 502-504, network) is retried, permanent (other 4xx/5xx) is dropped and counted.
 */
export const ${n.definition} = defineExporter({
  type: '${o.type}',
  stability: 'development',
  description: 'POSTs each batch as JSON to an HTTP endpoint',
  config: ${n.config},
  create(ctx, config) {
    const url = new URL(config.endpoint);
    let transport: HttpTransport | undefined;
    return createDeliveryExporter(ctx, config, {
      start() {
        transport = new HttpTransport({ timeoutMs: config.timeout });
        return Promise.resolve();
      },
      shutdown() {
        transport?.close();
        transport = undefined;
        return Promise.resolve();
      },
      async send(batch, signal) {
        if (transport === undefined) throw new Error('${o.type}: send before start');
        const res = await transport.request({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json', ...config.headers },
          body: JSON.stringify(batch),
          signal,
        });
        const error = errorForStatus({
          ...res,
          target: targetOf(url),
          detail: bodySnippet(res.body),
          nowMs: ctx.clock.now(),
        });
        if (error !== undefined) throw error;
        return undefined;
      },
    });
  },
});
`;
  const test = `import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '@settle/core';
import { batchOf, createTestContext, RecordingHost, runConformance } from '@settle/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ${n.definition} } from './${n.file}.js';

runConformance(${n.definition}, { validConfig: { endpoint: 'http://127.0.0.1:1/' } });

/** A real HTTP server on 127.0.0.1 answering with the given statuses in turn (then 200), recording bodies. */
async function startServer(statuses: number[]): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: \`http://127.0.0.1:\${port}/ingest\`, bodies, server };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function exporterFor(url: string) {
  const config = ${n.definition}.config.parse({
    endpoint: url,
    retry_on_failure: { initial_interval: '10ms', randomization_factor: 0 },
  });
  const exporter = await ${n.definition}.create(createTestContext({ clock: systemClock, kind: 'exporter' }), config);
  await exporter.start(new RecordingHost());
  return exporter;
}

const batch = (value: number) => batchOf({ name: 'requests', kind: 'gauge' }, [{ attributes: {}, timeMs: 1000, value }]);

describe('${o.type} exporter', () => {
  it('POSTs each batch as JSON', async () => {
    const { url, bodies, server } = await startServer([]);
    servers.push(server);
    const exporter = await exporterFor(url);
    await exporter.consume(batch(7));
    await until(() => bodies.length === 1);
    await exporter.shutdown();
    expect(JSON.parse(bodies[0] ?? '')).toMatchObject({ metrics: [{ points: [{ value: 7 }] }] });
  });

  it('retries a batch the server could not take (503), and drops one it refused (400)', async () => {
    const { url, bodies, server } = await startServer([503, 400]);
    servers.push(server);
    const exporter = await exporterFor(url);
    await exporter.consume(batch(1));
    await until(() => bodies.length === 2); // 503, then the retry, refused with 400: never sent again
    await exporter.consume(batch(2));
    await until(() => bodies.length === 3);
    await exporter.shutdown();
    expect(bodies[1]).toBe(bodies[0]);
    expect(bodies.map((b) => (JSON.parse(b) as { metrics: { points: { value: number }[] }[] }).metrics[0]?.points[0]?.value)).toEqual([1, 1, 2]);
  });
});
`;
  return {
    source,
    test,
    yaml: `  ${o.type}:\n    endpoint: http://127.0.0.1:9000/ingest`,
    pipelineRole: 'exporters',
    configRows: [
      ['endpoint', '(required)', 'URL each batch is POSTed to, as JSON'],
      ['headers', '{}', 'extra HTTP headers, e.g. authorization'],
      ['timeout', '10s', 'timeout of one request'],
      ['retry_on_failure', 'enabled, 1s → 30s, for 5m', 'backoff for retryable failures (429, 502-504, network)'],
      [
        'sending_queue',
        'in memory, 10000 batches',
        'queue between the pipeline and the sender (`storage: true` keeps it on disk)',
      ],
      ['batch', '10000 points, 8 MiB, 1s', 'how queued batches are merged and split into requests'],
    ],
  };
}
