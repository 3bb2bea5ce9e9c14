import type { Component, Consumer } from '../component/types.js';
import type { GraphNode, ResolvedComponent, ResolvedConfig } from '../config/types.js';
import { errorCodeOf } from '../errors/error-class.js';
import { SettleError } from '../errors/settle-error.js';
import { createComponentContext, type ContextDeps } from './component-context.js';
import { fanoutConsumer } from './fanout-consumer.js';
import { countOutcome, countPassing, type PipelineMetrics } from './pipeline-metrics.js';

/** A broken graph is a bug or a config mistake: trying again builds the same graph. */
const NOT_RETRYABLE = { retryable: false } as const;

/** One node of the running graph. Connectors have no component: `forward` is only a fanout consumer. */
export interface ComponentInstance {
  readonly key: string;
  readonly kind: GraphNode['kind'];
  readonly id: string;
  readonly pipeline: string | undefined;
  readonly component: Component | undefined;
  /** Aborted just before this component's shutdown, so its long waits end while it drains. */
  readonly controller: AbortController;
}

function resolvedOf(config: ResolvedConfig, node: GraphNode): ResolvedComponent | undefined {
  switch (node.kind) {
    case 'receiver':
      return config.receivers.get(node.componentId);
    case 'processor':
      return config.processors.get(node.componentId);
    case 'exporter':
      return config.exporters.get(node.componentId);
    case 'connector':
      return config.connectors.get(node.componentId);
  }
}

/**
 * Creates every component, downstream first so each one's `next` exists when it is created, and wires the
 * counting wrappers. Returns the instances in the graph's topological order (upstream first). When a `create`
 * throws, the instances already made are shut down (safe without start) before the error propagates.
 */
export async function instantiateGraph(
  config: ResolvedConfig,
  deps: ContextDeps,
  metrics: PipelineMetrics,
): Promise<ComponentInstance[]> {
  const consumers = new Map<string, Consumer>();
  const made = new Map<string, ComponentInstance>();
  const nextOf = (node: GraphNode): Consumer =>
    fanoutConsumer(
      node.next.map((key) => {
        const c = consumers.get(key);
        if (c === undefined)
          throw new SettleError('graph_invalid', `graph node ${node.key} feeds unknown ${key}`, NOT_RETRYABLE);
        return c;
      }),
    );

  try {
    for (const key of [...config.graph.order].reverse()) {
      const node = config.graph.nodes.get(key);
      if (node === undefined)
        throw new SettleError('graph_invalid', `graph order names unknown node ${key}`, NOT_RETRYABLE);
      const instance = await createNode(config, deps, metrics, node, nextOf, consumers);
      made.set(key, instance);
    }
  } catch (err) {
    await Promise.allSettled([...made.values()].map((i) => i.component?.shutdown() ?? Promise.resolve()));
    throw err;
  }
  return config.graph.order.map((key) => made.get(key)).filter((i): i is ComponentInstance => i !== undefined);
}

async function createNode(
  config: ResolvedConfig,
  deps: ContextDeps,
  metrics: PipelineMetrics,
  node: GraphNode,
  nextOf: (node: GraphNode) => Consumer,
  consumers: Map<string, Consumer>,
): Promise<ComponentInstance> {
  const controller = new AbortController();
  const base = { key: node.key, kind: node.kind, id: node.componentId, pipeline: node.pipelineId, controller };
  const resolved = resolvedOf(config, node);
  if (node.kind === 'connector') {
    // `forward` (the only connector) passes batches through to every pipeline it feeds.
    if (resolved?.type !== undefined && resolved.type !== 'forward') {
      throw new SettleError('graph_invalid', `connector type "${resolved.type}" is not supported`, NOT_RETRYABLE);
    }
    consumers.set(node.key, nextOf(node));
    return { ...base, component: undefined };
  }
  const definition = resolved?.definition;
  if (resolved === undefined || definition === undefined || definition.kind !== node.kind) {
    throw new SettleError('graph_invalid', `no ${node.kind} definition for "${node.componentId}"`, NOT_RETRYABLE);
  }
  const ctx = createComponentContext(deps, node.kind, node.componentId, node.pipelineId, controller.signal);
  try {
    switch (definition.kind) {
      case 'exporter': {
        const exporter = await definition.create(ctx, resolved.config);
        consumers.set(node.key, exporter);
        return { ...base, component: exporter };
      }
      case 'processor': {
        const attrs = { processor: node.componentId, pipeline: node.pipelineId ?? '' };
        const next = countPassing(nextOf(node), metrics.processorOutgoing, attrs);
        const processor = await definition.create(ctx, resolved.config, next);
        consumers.set(node.key, countPassing(processor, metrics.processorIncoming, attrs));
        return { ...base, component: processor };
      }
      case 'receiver': {
        const next = countOutcome(nextOf(node), metrics.receiverAccepted, metrics.receiverRefused, {
          receiver: node.componentId,
        });
        const receiver = await definition.create(ctx, resolved.config, next);
        return { ...base, component: receiver };
      }
    }
  } catch (err) {
    if (errorCodeOf(err) === 'graph_invalid') throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new SettleError(
      'component_create_failed',
      `${node.kind} "${node.componentId}" could not be created: ${reason}`,
      { cause: err, retryable: false },
    );
  }
}
