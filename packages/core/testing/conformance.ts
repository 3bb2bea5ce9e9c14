import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMPONENT_TYPE_PATTERN, type ComponentDefinition } from '../src/component/define.js';
import type { Component, ComponentContext, Consumer } from '../src/component/types.js';
import { createTestContext, RecordingHost } from './context.js';
import { SinkConsumer } from './sink.js';

export interface ConformanceOptions {
  /** A config (YAML-shaped input) the component accepts; defaults to `{}`, which must then be valid. */
  readonly validConfig?: unknown;
  /** Where a receiver or processor sends; a fresh SinkConsumer by default. */
  readonly next?: () => Consumer;
  /** Context overrides (e.g. a storage folder); a fresh test context per test otherwise. */
  readonly context?: () => ComponentContext;
}

const STABILITIES = ['development', 'alpha', 'beta', 'stable', 'deprecated'];

/**
 * Registers vitest tests every component must pass: a usable default config, a JSON-Schema-convertible config
 * schema, and the lifecycle contract (start then shutdown, shutdown without start, shutdown twice).
 */
export function runConformance(definition: ComponentDefinition, options: ConformanceOptions = {}): void {
  const input = options.validConfig ?? {};
  const create = async (): Promise<Component> => {
    const ctx = options.context?.() ?? createTestContext({ kind: definition.kind, id: definition.type });
    const config: unknown = definition.config.parse(input);
    const next = options.next?.() ?? new SinkConsumer();
    switch (definition.kind) {
      case 'receiver':
        return definition.create(ctx, config, next);
      case 'processor':
        return definition.create(ctx, config, next);
      case 'exporter':
        return definition.create(ctx, config);
    }
  };

  describe(`conformance: ${definition.kind} "${definition.type}"`, () => {
    it('has a valid type, kind and stability', () => {
      expect(definition.type).toMatch(COMPONENT_TYPE_PATTERN);
      expect(['receiver', 'processor', 'exporter']).toContain(definition.kind);
      expect(STABILITIES).toContain(definition.stability);
    });

    it(options.validConfig === undefined ? 'accepts the default config {}' : 'accepts the given valid config', () => {
      const result = definition.config.safeParse(input);
      expect(result.error?.issues ?? []).toEqual([]);
    });

    it('has a config schema that converts to draft-07 JSON Schema', () => {
      const schema = z.toJSONSchema(definition.config, { target: 'draft-7', io: 'input' });
      expect(schema['type']).toBe('object');
      expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    });

    it('creates, starts and shuts down', async () => {
      const component = await create();
      const host = new RecordingHost();
      await component.start(host);
      await component.shutdown();
      expect(host.events.map((e) => e.status)).not.toContain('fatal_error');
    });

    it('shuts down without having started', async () => {
      const component = await create();
      await expect(component.shutdown()).resolves.toBeUndefined();
    });

    it('shuts down twice', async () => {
      const component = await create();
      await component.start(new RecordingHost());
      await component.shutdown();
      await expect(component.shutdown()).resolves.toBeUndefined();
    });
  });
}
