import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testRegistry } from '../../test/fixtures/config/registry.js';
import { defineReceiver } from '../component/define.js';
import { ComponentRegistry } from '../component/registry.js';
import { duration } from './duration.js';
import { configJsonSchema } from './schema.js';

/** Walks a generated schema: `at(schema, 'properties', 'receivers')`. */
function at(json: unknown, ...path: (string | number)[]): unknown {
  let v = json;
  for (const s of path) v = (v as Record<string | number, unknown> | undefined)?.[s];
  return v;
}
const keysAt = (json: unknown, ...path: string[]) => Object.keys(at(json, ...path) as object);
const GEN = '^gen(/[^\\s/]+)?$';
const CF = '^cf(/[^\\s/]+)?$';

describe('configJsonSchema', () => {
  const schema = configJsonSchema(testRegistry());

  it('is a draft-07 schema of the whole file that rejects unknown top-level keys', () => {
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(keysAt(schema, 'properties')).toEqual([
      'plugins',
      'receivers',
      'processors',
      'exporters',
      'connectors',
      'service',
    ]);
    expect(schema['additionalProperties']).toBe(false);
    expect(schema['required']).toEqual(['service']);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('has one pattern per registered type, matching type and type/name, each allowing an empty value', () => {
    const receivers = at(schema, 'properties', 'receivers');
    expect(at(receivers, 'additionalProperties')).toBe(false);
    expect(keysAt(receivers, 'patternProperties')).toEqual([CF, GEN]);
    const pattern = new RegExp(GEN);
    expect(['gen', 'gen/eu', 'gen/a-1'].every((id) => pattern.test(id))).toBe(true);
    expect(['genx', 'gen/', 'gen/a/b', 'x/gen'].some((id) => pattern.test(id))).toBe(false);
    expect(at(receivers, 'patternProperties', GEN, 'anyOf', 1)).toEqual({ type: 'null' });
    expect(keysAt(schema, 'properties', 'connectors', 'patternProperties')).toEqual(['^forward(/[^\\s/]+)?$']);
  });

  it('describes component configs as written in YAML: durations are strings, unknown keys rejected', () => {
    const gen = at(schema, 'properties', 'receivers', 'patternProperties', GEN, 'anyOf', 0);
    expect(at(gen, 'additionalProperties')).toBe(false);
    expect(at(gen, 'properties', 'interval')).toMatchObject({ type: 'string', default: '10s' });
    expect(new RegExp(at(gen, 'properties', 'interval', 'pattern') as string).test('1h30m')).toBe(true);
    // coerced numbers also take the string `${env:N}` expands to
    expect(at(gen, 'properties', 'series', 'anyOf')).toEqual([
      expect.objectContaining({ type: 'integer', minimum: 1 }),
      { type: 'string' },
    ]);
    expect(at(gen, 'properties', 'series', 'default')).toBe(1);
    // a default given in milliseconds is shown as the duration a user would write
    const vm = at(schema, 'properties', 'exporters', 'patternProperties', '^vm(/[^\\s/]+)?$', 'anyOf', 0);
    expect(at(vm, 'properties', 'timeout')).toMatchObject({ type: 'string', default: '5s' });
    const cf = at(schema, 'properties', 'receivers', 'patternProperties', CF, 'anyOf', 0);
    expect(at(cf, 'required')).toEqual(['api_token', 'zones']);
    expect(at(cf, 'properties', 'retry', 'additionalProperties')).toBe(false);
    expect(at(cf, 'properties', 'dataset', 'enum')).toEqual(['http', 'firewall']);
  });

  it('describes the service section', () => {
    const service = at(schema, 'properties', 'service');
    expect(at(service, 'additionalProperties')).toBe(false);
    expect(at(service, 'required')).toEqual(['pipelines']);
    expect(keysAt(service, 'properties', 'pipelines', 'patternProperties')).toEqual(['^metrics(/[^\\s/]+)?$']);
    const telemetry = at(service, 'properties', 'telemetry', 'anyOf', 0);
    expect(at(telemetry, 'properties', 'logs', 'properties', 'level', 'enum')).toContain('debug');
    expect(at(telemetry, 'properties', 'metrics', 'properties', 'address', 'default')).toBe('127.0.0.1:8888');
  });

  it('survives schemas JSON Schema cannot fully express, and hoists shared definitions', () => {
    const node: z.ZodType = z.object({ name: z.string(), children: z.array(z.lazy(() => node)).optional() });
    const registry = new ComponentRegistry();
    registry.register(
      defineReceiver({
        type: 'odd',
        stability: 'development',
        config: z.object({
          tree: node.optional(),
          when: z.date().optional(),
          every: duration().prefault('1m'),
          check: z.string().refine((s) => s.length > 2),
        }),
        create: () => ({ start: () => Promise.resolve(), shutdown: () => Promise.resolve() }),
      }),
      { packageName: 'test', packageVersion: '0.0.0' },
    );
    const out = configJsonSchema(registry);
    const refs = [...JSON.stringify(out).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(keysAt(out, 'definitions')).toContain(ref);
    const odd = at(out, 'properties', 'receivers', 'patternProperties', '^odd(/[^\\s/]+)?$', 'anyOf', 0);
    expect(at(odd, 'properties', 'every')).toMatchObject({ type: 'string', default: '1m' });
    expect(at(odd, 'properties', 'check')).toEqual({ type: 'string' });
  });
});
