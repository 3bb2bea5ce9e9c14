import type { z } from 'zod';
import type { ComponentContext, ComponentKind, Consumer, Exporter, Processor, Receiver, Stability } from './types.js';

/** A component type must be usable as a YAML key and a metric label: lowercase, digits and underscores. */
export const COMPONENT_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

/** What a component's config check may know about the service it will run in. */
export interface ServiceSettings {
  /** `--data-dir` or `service.data_dir`; undefined when storage lives in memory. */
  readonly dataDir: string | undefined;
}

/** A problem a config check found, at a path inside the component's settings (`['sending_queue', 'storage']`). */
export interface ConfigCheckProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

interface DefinitionBase<K extends ComponentKind, S extends z.ZodType> {
  readonly kind: K;
  /** The name used in YAML (`receivers: { <type>/<name>: ... }`). */
  readonly type: string;
  readonly stability: Stability;
  readonly description?: string;
  /** Validates and defaults the component's config; also the source of its JSON Schema. */
  readonly config: S;
  /**
   * Checks the schema cannot make because they need the service's settings (a persistent queue needs a data
   * directory). The config loader runs them after the schema, so `settle validate` refuses what `settle run`
   * would only fail on once started.
   */
  check?(config: z.output<S>, service: ServiceSettings): readonly ConfigCheckProblem[];
}

export interface ReceiverDefinition<S extends z.ZodType = z.ZodType> extends DefinitionBase<'receiver', S> {
  create(ctx: ComponentContext, config: z.output<S>, next: Consumer): Receiver | Promise<Receiver>;
}

/**
 * What the config loader checks about a processor's place in a pipeline: a processor that `refuses` a trait
 * may not come after one that `emits` it in the same pipeline (traits pass through the processors between).
 */
export interface PipelineTraits {
  /** Traits of this processor's output (converge: `partial_buckets`). */
  readonly emits?: readonly string[];
  /** Traits this processor cannot take, each with the reason the user is shown. */
  readonly refuses?: Readonly<Record<string, string>>;
}

export interface ProcessorDefinition<S extends z.ZodType = z.ZodType> extends DefinitionBase<'processor', S> {
  readonly pipeline?: PipelineTraits;
  create(ctx: ComponentContext, config: z.output<S>, next: Consumer): Processor | Promise<Processor>;
}

export interface ExporterDefinition<S extends z.ZodType = z.ZodType> extends DefinitionBase<'exporter', S> {
  create(ctx: ComponentContext, config: z.output<S>): Exporter | Promise<Exporter>;
}

export type ComponentDefinition = ReceiverDefinition | ProcessorDefinition | ExporterDefinition;

type Input<D extends { kind: ComponentKind }> = Omit<D, 'kind'>;

function checkType(type: string): void {
  if (!COMPONENT_TYPE_PATTERN.test(type)) {
    throw new TypeError(`invalid component type "${type}": must match ${String(COMPONENT_TYPE_PATTERN)}`);
  }
}

/** Typing helper: returns the definition with `kind` set, its config type inferred from the zod schema. */
export function defineReceiver<S extends z.ZodType>(def: Input<ReceiverDefinition<S>>): ReceiverDefinition<S> {
  checkType(def.type);
  return { ...def, kind: 'receiver' };
}

export function defineProcessor<S extends z.ZodType>(def: Input<ProcessorDefinition<S>>): ProcessorDefinition<S> {
  checkType(def.type);
  return { ...def, kind: 'processor' };
}

export function defineExporter<S extends z.ZodType>(def: Input<ExporterDefinition<S>>): ExporterDefinition<S> {
  checkType(def.type);
  return { ...def, kind: 'exporter' };
}
