import type { Names } from './names.js';
import type { PluginOptions } from './options.js';
import type { ComponentTemplate } from './template.js';

/** A receiver on createPollingReceiver: reads a number from an HTTP endpoint on an interval, as a gauge. */
export function receiverTemplate(o: PluginOptions, n: Names): ComponentTemplate {
  const metric = `${o.type}_value`;
  const source = `import {
  bodySnippet,
  createBatch,
  createPollingReceiver,
  defineReceiver,
  duration,
  endpointUrl,
  errorForStatus,
  HttpTransport,
  permanentError,
  targetOf,
} from '@settle/core';
import { z } from 'zod';

export const ${n.config} = z
  .object({
    url: endpointUrl().describe('URL answering with a JSON number, or an object with a numeric "value"'),
    // duration() reads '30s', '5m'... into milliseconds; prefault applies the default before parsing.
    interval: duration({ min: 1 }).prefault('30s').describe('time between reads'),
    timeout: duration({ min: 1 }).prefault('10s').describe('timeout of one read'),
    attributes: z.record(z.string(), z.string()).default({}).describe('attributes added to every point'),
  })
  .strict();

/** The number in a reply: \`42\` or \`{ "value": 42 }\`. */
export function readValue(body: Buffer): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw permanentError('bad_reply', \`reply is not JSON: \${bodySnippet(body)}\`);
  }
  const value = typeof parsed === 'object' && parsed !== null ? (parsed as { value?: unknown }).value : parsed;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw permanentError('bad_reply', \`reply holds no number: \${bodySnippet(body)}\`);
  }
  return value;
}

/**
 * Polls an HTTP endpoint. The polling helper owns the schedule (on the injected clock), lifecycle, abort on
 * shutdown and error counting: a failed read is logged and counted, and the next one runs at the next interval.
 */
export const ${n.definition} = defineReceiver({
  type: '${o.type}',
  stability: 'development',
  description: 'reads a number from an HTTP endpoint on an interval',
  config: ${n.config},
  create(ctx, config, next) {
    const url = new URL(config.url);
    const transport = new HttpTransport({ timeoutMs: config.timeout });
    return createPollingReceiver(ctx, next, {
      lanes: [
        {
          name: 'poll',
          intervalMs: config.interval,
          collect: async ({ now, signal }) => {
            const res = await transport.request({ method: 'GET', url, signal });
            const error = errorForStatus({ ...res, target: targetOf(url), detail: bodySnippet(res.body), nowMs: now });
            if (error !== undefined) throw error;
            const value = readValue(res.body);
            return createBatch([
              {
                descriptor: { name: '${metric}', kind: 'gauge', description: 'the value read from the endpoint' },
                points: [{ attributes: config.attributes, timeMs: now, value }],
              },
            ]);
          },
        },
      ],
      close: () => transport.close(),
    });
  },
});
`;
  const test = `import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '@settle/core';
import { createTestContext, RecordingHost, runConformance, SinkConsumer } from '@settle/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ${n.definition}, readValue } from './${n.file}.js';

runConformance(${n.definition}, { validConfig: { url: 'http://127.0.0.1:1/' } });

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** A real HTTP server on 127.0.0.1 answering every GET with \`reply\`. */
async function serve(reply: string): Promise<string> {
  const server = createServer((_req, res) => res.end(reply));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return \`http://127.0.0.1:\${(server.address() as AddressInfo).port}/value\`;
}

describe('${o.type} receiver', () => {
  it('reads the value on start and forwards it as a gauge point', async () => {
    const url = await serve('{"value": 42}');
    const sink = new SinkConsumer();
    const config = ${n.definition}.config.parse({ url, interval: '1h', attributes: { site: 'a' } });
    const receiver = await ${n.definition}.create(createTestContext({ clock: systemClock, kind: 'receiver' }), config, sink);
    await receiver.start(new RecordingHost());
    while (sink.points().length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await receiver.shutdown();
    expect(sink.points()[0]).toMatchObject({ value: 42, attributes: { site: 'a' } });
  });

  it('reads a bare number and refuses a reply without one', () => {
    expect(readValue(Buffer.from('3.5'))).toBe(3.5);
    expect(() => readValue(Buffer.from('{"v": 1}'))).toThrow(/reply holds no number/);
    expect(() => readValue(Buffer.from('<html>'))).toThrow(/reply is not JSON/);
  });
});
`;
  return {
    source,
    test,
    yaml: `  ${o.type}:\n    url: http://127.0.0.1:9000/value\n    interval: 30s`,
    pipelineRole: 'receivers',
    configRows: [
      ['url', '(required)', 'URL answering with a JSON number, or an object with a numeric "value"'],
      ['interval', '30s', 'time between reads'],
      ['timeout', '10s', 'timeout of one read'],
      ['attributes', '{}', 'attributes added to every point'],
    ],
  };
}
