import type { Names } from './names.js';
import type { PluginOptions } from './options.js';
import type { ComponentTemplate } from './template.js';

/** A processor on createProcessor: a pure function from batch to batch. */
export function processorTemplate(o: PluginOptions, n: Names): ComponentTemplate {
  const source = `import { createProcessor, defineProcessor, type Batch } from '@settle/core';
import { z } from 'zod';

export const ${n.config} = z
  .object({
    factor: z.number().finite().default(1).describe('every value is multiplied by it'),
    attributes: z.record(z.string(), z.string()).default({}).describe('attributes added to every point'),
  })
  .strict();

export type ${n.camel[0]?.toUpperCase()}${n.camel.slice(1)}Config = z.output<typeof ${n.config}>;

/** The whole behaviour, as a pure function (easy to test without any lifecycle). */
export function ${n.camel}Batch(batch: Batch, config: ${n.camel[0]?.toUpperCase()}${n.camel.slice(1)}Config): Batch {
  return {
    ...batch,
    metrics: batch.metrics.map((m) => ({
      ...m,
      points: m.points.map((p) => ({
        ...p,
        attributes: { ...p.attributes, ...config.attributes },
        value: p.value * config.factor,
      })),
    })),
  };
}

/**
 * The processor helper owns the lifecycle (start, idempotent shutdown, batches refused after it), runs steps
 * one at a time in order and counts what is dropped: the plugin writes only the function.
 */
export const ${n.definition} = defineProcessor({
  type: '${o.type}',
  stability: 'development',
  description: 'multiplies values and adds attributes',
  config: ${n.config},
  create: (ctx, config, next) => createProcessor(ctx, next, { process: (batch) => ${n.camel}Batch(batch, config) }),
});
`;
  const test = `import { batchOf, createTestContext, RecordingHost, runConformance, SinkConsumer } from '@settle/core/testing';
import { describe, expect, it } from 'vitest';
import { ${n.definition} } from './${n.file}.js';

runConformance(${n.definition});

describe('${o.type} processor', () => {
  it('multiplies every value and adds the attributes', async () => {
    const sink = new SinkConsumer();
    const config = ${n.definition}.config.parse({ factor: 2.5, attributes: { env: 'test' } });
    const processor = await ${n.definition}.create(createTestContext(), config, sink);
    await processor.start(new RecordingHost());
    await processor.consume(batchOf({ name: 'm', kind: 'gauge' }, [{ attributes: { a: '1' }, timeMs: 1, value: 4 }]));
    await processor.shutdown();
    expect(sink.points()).toMatchObject([{ value: 10, attributes: { a: '1', env: 'test' } }]);
  });
});
`;
  return {
    source,
    test,
    yaml: `  ${o.type}:\n    factor: 1000\n    attributes: { unit: ms }`,
    pipelineRole: 'processors',
    configRows: [
      ['factor', '1', 'every value is multiplied by it'],
      ['attributes', '{}', 'attributes added to every point'],
    ],
  };
}
