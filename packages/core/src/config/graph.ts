import { SettleError } from '../errors/settle-error.js';
import type { GraphNode, PipelineGraph, ResolvedKind, ResolvedPipeline } from './types.js';

/** A loop through connectors: pipeline[0] exports to connectors[0], which feeds pipeline[1], ... back to the start. */
export interface PipelineCycle {
  readonly pipelines: readonly string[];
  readonly connectors: readonly string[];
}

export function describeCycle(cycle: PipelineCycle): string {
  const steps = cycle.pipelines.map((p, i) => `pipeline "${p}" → connector "${cycle.connectors[i]}"`);
  return `cycle: ${steps.join(' → ')} → pipeline "${cycle.pipelines[0]}"`;
}

/**
 * Finds a loop in the pipeline graph (P → Q when P exports to a connector Q receives from). Only connectors
 * join pipelines, so this is the only way the component DAG can have a cycle.
 */
export function findPipelineCycle(
  pipelines: readonly ResolvedPipeline[],
  connectors: ReadonlySet<string>,
): PipelineCycle | undefined {
  const byId = new Map(pipelines.map((p) => [p.id, p]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: { pipeline: string; connector: string }[] = [];

  const visit = (id: string): PipelineCycle | undefined => {
    state.set(id, 'visiting');
    for (const connector of byId.get(id)?.exporters.filter((e) => connectors.has(e)) ?? []) {
      for (const next of pipelines.filter((q) => q.receivers.includes(connector))) {
        stack.push({ pipeline: id, connector });
        if (state.get(next.id) === 'visiting') {
          const loop = stack.slice(stack.findIndex((s) => s.pipeline === next.id));
          return { pipelines: loop.map((s) => s.pipeline), connectors: loop.map((s) => s.connector) };
        }
        if (state.get(next.id) === undefined) {
          const found = visit(next.id);
          if (found !== undefined) return found;
        }
        stack.pop();
      }
    }
    state.set(id, 'done');
    return undefined;
  };

  for (const p of pipelines) {
    if (state.get(p.id) !== undefined) continue;
    const found = visit(p.id);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Builds the DAG to instantiate from cycle-free pipelines: one node per receiver, exporter and connector id,
 * one per (pipeline, processor). Node order follows the file, so runs are reproducible.
 */
export function buildGraph(pipelines: readonly ResolvedPipeline[], connectors: ReadonlySet<string>): PipelineGraph {
  const nodes = new Map<
    string,
    { kind: ResolvedKind; componentId: string; pipelineId: string | undefined; next: string[] }
  >();
  const node = (kind: ResolvedKind, componentId: string, pipelineId?: string) => {
    const key = pipelineId === undefined ? `${kind}:${componentId}` : `${kind}:${pipelineId}:${componentId}`;
    let n = nodes.get(key);
    if (n === undefined) nodes.set(key, (n = { kind, componentId, pipelineId, next: [] }));
    return key;
  };
  const link = (from: string, to: readonly string[]) => {
    const next = nodes.get(from)!.next;
    for (const t of to) if (!next.includes(t)) next.push(t);
  };

  for (const p of pipelines) {
    const sources = p.receivers.map((r) => node(connectors.has(r) ? 'connector' : 'receiver', r));
    const processors = p.processors.map((id) => node('processor', id, p.id));
    const sinks = p.exporters.map((e) => node(connectors.has(e) ? 'connector' : 'exporter', e));
    // Each stage feeds the next processor of this pipeline, or after the last one every exporter.
    const targets = (i: number): readonly string[] => (i < processors.length ? [processors[i]!] : sinks);
    for (const s of sources) link(s, targets(0));
    processors.forEach((key, i) => link(key, targets(i + 1)));
  }

  const order = topologicalOrder(nodes);
  const frozen = new Map<string, GraphNode>();
  for (const [key, n] of nodes) frozen.set(key, { key, ...n });
  return { nodes: frozen, order };
}

/** Kahn's algorithm, taking ready nodes in insertion order. */
function topologicalOrder(nodes: ReadonlyMap<string, { next: readonly string[] }>): string[] {
  const indegree = new Map<string, number>([...nodes.keys()].map((k) => [k, 0]));
  for (const n of nodes.values()) for (const t of n.next) indegree.set(t, (indegree.get(t) ?? 0) + 1);
  const ready = [...nodes.keys()].filter((k) => indegree.get(k) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const key = ready.shift()!;
    order.push(key);
    for (const t of nodes.get(key)?.next ?? []) {
      const d = (indegree.get(t) ?? 0) - 1;
      indegree.set(t, d);
      if (d === 0) ready.push(t);
    }
  }
  if (order.length !== nodes.size) {
    throw new SettleError('graph_cycle', 'pipeline graph has a cycle; findPipelineCycle must reject it first', {
      retryable: false,
    });
  }
  return order;
}
