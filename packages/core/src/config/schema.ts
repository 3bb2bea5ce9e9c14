import { z } from 'zod';
import { clusterSchema } from '../cluster/cluster-schema.js';
import type { ComponentRegistry } from '../component/registry.js';
import { BUILTIN_CONNECTORS } from './connectors.js';
import { DURATION_PATTERN, formatDuration } from './duration.js';
import { pipelineSchema, telemetrySchema } from './service-schema.js';
import { defOf } from './unknown-keys.js';
import type { ResolvedKind } from './types.js';

type Json = Record<string, unknown>;

/** `type` or `type/name` for one type; the name part as component-id.ts accepts it. */
const idPattern = (type: string) => `^${type}(/[^\\s/]+)?$`;

/**
 * draft-07 JSON Schema of a whole config file, built from every registered component's zod schema, for editor
 * completion (`# yaml-language-server: $schema=...`). It rejects unknown keys wherever the loader does.
 */
export function configJsonSchema(registry: ComponentRegistry): Record<string, unknown> {
  const definitions: Json = {};
  const section = (kind: ResolvedKind, schemas: ReadonlyMap<string, z.ZodType>): Json => {
    const patternProperties: Json = {};
    for (const [type, schema] of schemas) {
      patternProperties[idPattern(type)] = nullable(embed(toJson(schema), `${kind}.${type}`, definitions));
    }
    return { type: 'object', patternProperties, additionalProperties: false };
  };
  const byKind = (kind: 'receiver' | 'processor' | 'exporter') =>
    new Map(
      registry
        .list()
        .filter((c) => c.definition.kind === kind)
        .map((c) => [c.definition.type, c.definition.config]),
    );

  const pipeline = nullable(embed(toJson(pipelineSchema), 'pipeline', definitions));
  const service = {
    type: 'object',
    properties: {
      data_dir: { type: 'string', minLength: 1, description: 'directory for checkpoints and persistent queues' },
      cluster: nullable(embed(toJson(clusterSchema), 'cluster', definitions)),
      telemetry: nullable(embed(toJson(telemetrySchema), 'telemetry', definitions)),
      pipelines: {
        type: 'object',
        patternProperties: { [idPattern('metrics')]: pipeline },
        additionalProperties: false,
      },
    },
    required: ['pipelines'],
    additionalProperties: false,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'settle config',
    type: 'object',
    properties: {
      plugins: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'npm packages or paths to load' },
      receivers: section('receiver', byKind('receiver')),
      processors: section('processor', byKind('processor')),
      exporters: section('exporter', byKind('exporter')),
      connectors: section('connector', BUILTIN_CONNECTORS),
      service,
    },
    required: ['service'],
    additionalProperties: false,
    ...(Object.keys(definitions).length > 0 ? { definitions } : {}),
  };
}

function toJson(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, {
    target: 'draft-07',
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const def = defOf(zodSchema as unknown as z.ZodType) as {
        type: string;
        catchall?: unknown;
        coerce?: boolean;
        defaultValue?: unknown;
      };
      // The loader rejects keys a plain z.object() would strip (see unknown-keys.ts); the schema says so too.
      if (def.type === 'object' && def.catchall === undefined) jsonSchema.additionalProperties = false;
      // `duration().default(30_000)` holds milliseconds; the file is written "30s".
      if (def.type === 'default' && typeof def.defaultValue === 'number' && jsonSchema.pattern === DURATION_PATTERN) {
        jsonSchema.default = formatDuration(def.defaultValue);
      }
      // `${env:VAR}` yields a string, which a coercing schema accepts.
      if (def.coerce === true) {
        const { default: fallback, description, ...strict } = jsonSchema;
        for (const key of Object.keys(jsonSchema)) delete (jsonSchema as Json)[key];
        Object.assign(jsonSchema, { anyOf: [strict, { type: 'string' }], default: fallback, description });
        if (fallback === undefined) delete jsonSchema.default;
        if (description === undefined) delete jsonSchema.description;
      }
    },
  }) as Json;
  delete json.$schema;
  return json;
}

/** Moves a component schema's own definitions to the top level under a prefix and rewrites its $refs. */
function embed(json: Json, prefix: string, definitions: Json): Json {
  const own = (json.definitions ?? {}) as Json;
  delete json.definitions;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== 'object' || value === null) return value;
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') {
        out[k] = v === '#' ? `#/definitions/${prefix}` : v.replace('#/definitions/', `#/definitions/${prefix}.`);
      } else out[k] = rewrite(v);
    }
    return out;
  };
  for (const [name, def] of Object.entries(own)) definitions[`${prefix}.${name}`] = rewrite(def);
  const body = rewrite(json) as Json;
  if (JSON.stringify(body).includes(`"#/definitions/${prefix}"`)) {
    definitions[prefix] = body;
    return { $ref: `#/definitions/${prefix}` };
  }
  return body;
}

/** An empty value (`debug:`) means "all defaults". */
function nullable(json: Json): Json {
  return { anyOf: [json, { type: 'null' }] };
}
