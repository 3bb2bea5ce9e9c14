// Components that record their lifecycle, for the service's own tests (not exported from the package).
import { z } from 'zod';
import { defineExporter, defineProcessor, defineReceiver } from '../../src/component/define.js';
import { ComponentRegistry } from '../../src/component/registry.js';
import type { ComponentContext, Consumer, Host } from '../../src/component/types.js';
import { parseConfig } from '../../src/config/parse.js';
import { resolveConfig } from '../../src/config/resolve.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { permanentError } from '../../src/errors/settle-error.js';
import { createBatch } from '../../src/model/batch.js';
import type { Batch } from '../../src/model/types.js';

export interface Recorder {
  /** "start receiver:pusher/a", "stop processor:buffer@metrics/a", "flush ...", in call order. */
  readonly log: string[];
  /** Each receiver's output, to push batches by hand. */
  readonly pushers: Map<string, Consumer>;
  readonly hosts: Map<string, Host>;
  /** Batches each exporter received. */
  readonly exported: Map<string, Batch[]>;
  readonly storageDirs: Map<string, string | undefined>;
  readonly signalAbortedAtStop: Map<string, boolean>;
  readonly registry: ComponentRegistry;
}

export function points(n: number, name = 'm'): Batch {
  const pts = Array.from({ length: n }, (_, i) => ({ attributes: { i: String(i) }, timeMs: 60_000, value: i }));
  return createBatch([{ descriptor: { name, kind: 'gauge' }, points: pts }]);
}

/** Processors exist once per pipeline; the log names the instance. */
function processorName(ctx: ComponentContext): string {
  const pipeline = (ctx.logger.bindings() as { pipeline?: string }).pipeline ?? '?';
  return `processor:${ctx.id}@${pipeline}`;
}

export function createRecorder(): Recorder {
  const r: Recorder = {
    log: [],
    pushers: new Map(),
    hosts: new Map(),
    exported: new Map(),
    storageDirs: new Map(),
    signalAbortedAtStop: new Map(),
    registry: new ComponentRegistry(),
  };
  const empty = z.object({}).strict();

  const pusher = defineReceiver({
    type: 'pusher',
    stability: 'development',
    config: z.object({ fail_start: z.boolean().default(false), fatal_on_start: z.boolean().default(false) }).strict(),
    create(ctx, cfg, next) {
      const name = `receiver:${ctx.id}`;
      r.pushers.set(ctx.id, next);
      r.storageDirs.set(name, ctx.storage.directory);
      return {
        start(host) {
          r.log.push(`start ${name}`);
          r.hosts.set(ctx.id, host);
          if (cfg.fail_start) return Promise.reject(new Error('credentials refused'));
          if (cfg.fatal_on_start) {
            setImmediate(() => host.reportStatus({ status: 'fatal_error', message: 'zone not found' }));
          }
          return Promise.resolve();
        },
        shutdown() {
          r.signalAbortedAtStop.set(name, ctx.signal.aborted);
          r.log.push(`stop ${name}`);
          return Promise.resolve();
        },
      };
    },
  });

  /**
   * `buffer` holds everything until shutdown, then flushes downstream: proves processors drain into live
   * exporters. `passthrough` forwards each batch at once.
   */
  const processor = (type: 'buffer' | 'passthrough') =>
    defineProcessor({
      type,
      stability: 'development',
      config: empty,
      create(ctx, _cfg, next) {
        const name = processorName(ctx);
        const hold = type === 'buffer';
        if (hold) r.storageDirs.set(name, ctx.storage.directory);
        const held: Batch[] = [];
        let stopped = false;
        return {
          start: () => (r.log.push(`start ${name}`), Promise.resolve()),
          consume: (batch) => (hold ? (held.push(batch), Promise.resolve()) : next.consume(batch)),
          async shutdown() {
            if (stopped) return;
            stopped = true;
            r.log.push(`stop ${name}`);
            for (const b of held.splice(0)) await next.consume(b);
          },
        };
      },
    });

  const sink = defineExporter({
    type: 'sink',
    stability: 'development',
    config: z.object({ fail: z.boolean().default(false), fail_create: z.boolean().default(false) }).strict(),
    create(ctx, cfg) {
      const name = `exporter:${ctx.id}`;
      if (cfg.fail_create) throw new Error('endpoint is not a URL');
      const got: Batch[] = [];
      r.exported.set(ctx.id, got);
      r.storageDirs.set(name, ctx.storage.directory);
      let stopped = false;
      return {
        start: () => (r.log.push(`start ${name}`), Promise.resolve()),
        consume(batch) {
          if (stopped) return Promise.reject(new Error(`${name} received data after shutdown`));
          if (cfg.fail) return Promise.reject(permanentError('rejected', `${name} refuses everything`));
          got.push(batch);
          return Promise.resolve();
        },
        shutdown() {
          if (!stopped) r.log.push(`stop ${name}`);
          stopped = true;
          return Promise.resolve();
        },
      };
    },
  });

  const origin = { packageName: '@settle/core-test', packageVersion: '0.0.0' };
  for (const d of [pusher, processor('buffer'), processor('passthrough'), sink]) r.registry.register(d, origin);
  return r;
}

/** Parses and resolves YAML text with the recorder's registry; throws on any config problem. */
export function resolveYaml(text: string, registry: ComponentRegistry): ResolvedConfig {
  const { parsed, problems } = parseConfig(text, 'test.yaml', {});
  if (parsed === undefined) throw new Error(JSON.stringify(problems));
  const resolved = resolveConfig(parsed, registry);
  if (resolved.config === undefined || problems.length + resolved.problems.length > 0) {
    throw new Error(JSON.stringify([...problems, ...resolved.problems]));
  }
  return resolved.config;
}
