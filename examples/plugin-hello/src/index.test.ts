import { createBatch } from '@settle/core';
import { createTestContext, FakeClock, RecordingHost, runConformance, SinkConsumer } from '@settle/core/testing';
import { describe, expect, it } from 'vitest';
import plugin, { helloReceiver, scaleProcessor } from './index.js';

runConformance(helloReceiver);
runConformance(scaleProcessor);

describe('plugin-hello', () => {
  it('default-exports both definitions', () => {
    expect(plugin.map((d) => `${d.kind}:${d.type}`)).toEqual(['receiver:hello', 'processor:scale']);
  });

  it('hello greets every name on each interval', async () => {
    const clock = new FakeClock();
    const sink = new SinkConsumer();
    const config = helloReceiver.config.parse({ interval: '5s', names: ['ada', 'bob'] });
    const receiver = await helloReceiver.create(createTestContext({ clock, kind: 'receiver' }), config, sink);
    await receiver.start(new RecordingHost());
    await clock.advance(10_000);
    await receiver.shutdown();
    expect(sink.points().map((p) => [p.attributes['name'], p.value])).toEqual([
      ['ada', 1],
      ['bob', 1],
      ['ada', 2],
      ['bob', 2],
    ]);
  });

  it('scale multiplies values', async () => {
    const sink = new SinkConsumer();
    const processor = await scaleProcessor.create(
      createTestContext(),
      scaleProcessor.config.parse({ factor: 2.5 }),
      sink,
    );
    await processor.start(new RecordingHost());
    await processor.consume(
      createBatch([{ descriptor: { name: 'm', kind: 'gauge' }, points: [{ attributes: {}, timeMs: 1, value: 4 }] }]),
    );
    expect(sink.points()[0]?.value).toBe(10);
  });
});
