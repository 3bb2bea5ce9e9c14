import { describe, expect, it } from 'vitest';
import { check, yaml } from '../../test/fixtures/config/check.js';
import { buildGraph, describeCycle, findPipelineCycle } from './graph.js';
import type { PipelineGraph, ResolvedPipeline } from './types.js';

function graphOf(text: string): PipelineGraph {
  const { config, problems } = check(text);
  expect(problems).toEqual([]);
  return config!.graph;
}

const next = (graph: PipelineGraph, key: string) => graph.nodes.get(key)?.next;

/** Every edge must point forward in the order, or starting downstream-first would be wrong. */
function expectTopological(graph: PipelineGraph): void {
  expect(new Set(graph.order)).toEqual(new Set(graph.nodes.keys()));
  const position = new Map(graph.order.map((k, i) => [k, i]));
  for (const node of graph.nodes.values()) {
    for (const target of node.next) expect(position.get(target)!).toBeGreaterThan(position.get(node.key)!);
  }
}

const components = [
  'receivers: { gen: , cf: { api_token: t, zones: [z] } }',
  'processors: { batch: , converge: }',
  'exporters: { debug: , vm: { endpoint: "http://vm:8428" } }',
];

describe('pipeline graph', () => {
  it('fans a receiver out to every pipeline that lists it, with processors per pipeline', () => {
    const graph = graphOf(
      yaml(
        ...components,
        'service:',
        '  pipelines:',
        '    metrics/a: { receivers: [gen], processors: [batch], exporters: [debug] }',
        '    metrics/b: { receivers: [gen], processors: [batch, converge], exporters: [vm] }',
      ),
    );
    expect(next(graph, 'receiver:gen')).toEqual(['processor:metrics/a:batch', 'processor:metrics/b:batch']);
    expect(next(graph, 'processor:metrics/a:batch')).toEqual(['exporter:debug']);
    expect(next(graph, 'processor:metrics/b:batch')).toEqual(['processor:metrics/b:converge']);
    expect(next(graph, 'processor:metrics/b:converge')).toEqual(['exporter:vm']);
    expect(graph.nodes.get('processor:metrics/b:converge')).toMatchObject({
      kind: 'processor',
      componentId: 'converge',
      pipelineId: 'metrics/b',
    });
    expect(graph.nodes.size).toBe(6);
    expectTopological(graph);
  });

  it('shares one exporter between pipelines', () => {
    const graph = graphOf(
      yaml(
        ...components,
        'service:',
        '  pipelines:',
        '    metrics/a: { receivers: [gen], processors: [batch], exporters: [debug, vm] }',
        '    metrics/b: { receivers: [cf], exporters: [vm] }',
      ),
    );
    const feedsVm = [...graph.nodes.values()].filter((n) => n.next.includes('exporter:vm')).map((n) => n.key);
    expect(feedsVm).toEqual(['processor:metrics/a:batch', 'receiver:cf']);
    expect([...graph.nodes.keys()].filter((k) => k.startsWith('exporter:'))).toEqual(['exporter:debug', 'exporter:vm']);
    expect(graph.nodes.get('exporter:vm')).toMatchObject({ kind: 'exporter', pipelineId: undefined, next: [] });
    expectTopological(graph);
  });

  it('links a receiver to a shared exporter once when two pipelines without processors join them', () => {
    const graph = graphOf(
      yaml(
        ...components,
        'service:',
        '  pipelines:',
        '    metrics/a: { receivers: [gen], exporters: [debug] }',
        '    metrics/b: { receivers: [gen], exporters: [debug, vm] }',
      ),
    );
    expect(next(graph, 'receiver:gen')).toEqual(['exporter:debug', 'exporter:vm']);
  });

  it('chains pipelines through a forward connector, upstream first', () => {
    const { config, problems } = check(
      yaml(
        ...components,
        'connectors:',
        '  forward:',
        'service:',
        '  pipelines:',
        '    metrics/in: { receivers: [gen, cf], processors: [batch], exporters: [forward] }',
        '    metrics/out: { receivers: [forward], processors: [converge], exporters: [vm, debug] }',
      ),
    );
    expect(problems).toEqual([]);
    const graph = config!.graph;
    expect(config!.connectors.get('forward')).toEqual({
      id: 'forward',
      kind: 'connector',
      type: 'forward',
      name: undefined,
      definition: undefined,
      config: {},
    });
    expect(next(graph, 'processor:metrics/in:batch')).toEqual(['connector:forward']);
    expect(next(graph, 'connector:forward')).toEqual(['processor:metrics/out:converge']);
    expect(graph.order).toEqual([
      'receiver:gen',
      'receiver:cf',
      'processor:metrics/in:batch',
      'connector:forward',
      'processor:metrics/out:converge',
      'exporter:vm',
      'exporter:debug',
    ]);
    expectTopological(graph);
  });

  it('keeps unused components out of the graph', () => {
    const { config } = check(
      yaml(...components, 'service:', '  pipelines:', '    metrics: { receivers: [gen], exporters: [debug] }'),
    );
    expect(config!.receivers.has('cf')).toBe(true);
    expect([...config!.graph.nodes.keys()]).toEqual(['receiver:gen', 'exporter:debug']);
  });

  it('rejects a cycle through connectors, naming the loop', () => {
    const { config, problems } = check(
      yaml(
        ...components, //                                                                   1-3
        'connectors: { forward/a: , forward/b: }', //                                       4
        'service:', //                                                                      5
        '  pipelines:', //                                                                  6
        '    metrics/a: { receivers: [gen, forward/b], exporters: [debug, forward/a] }', //  7
        '    metrics/b: { receivers: [forward/a], processors: [batch], exporters: [forward/b] }',
      ),
    );
    expect(config).toBeUndefined();
    expect(problems).toEqual([
      {
        file: 'settle.yaml',
        line: 7,
        column: 66,
        path: 'service.pipelines.metrics/a.exporters[1]',
        message:
          'cycle: pipeline "metrics/a" → connector "forward/a" → pipeline "metrics/b" → connector "forward/b" → pipeline "metrics/a"',
      },
    ]);
  });

  it('rejects a pipeline that feeds itself', () => {
    const { problems } = check(
      yaml(
        ...components,
        'connectors: { forward: }',
        'service:',
        '  pipelines:',
        '    metrics: { receivers: [gen, forward], exporters: [forward, debug] }',
      ),
    );
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [7, 'cycle: pipeline "metrics" → connector "forward" → pipeline "metrics"'],
    ]);
  });
});

describe('findPipelineCycle / buildGraph', () => {
  const p = (id: string, receivers: string[], exporters: string[]): ResolvedPipeline => ({
    id,
    receivers,
    processors: [],
    exporters,
  });

  it('finds a three-pipeline loop and nothing in a diamond', () => {
    const connectors = new Set(['c1', 'c2', 'c3']);
    const loop = [p('a', ['r', 'c3'], ['c1']), p('b', ['c1'], ['c2']), p('c', ['c2'], ['c3', 'e'])];
    const cycle = findPipelineCycle(loop, connectors);
    expect(cycle).toEqual({ pipelines: ['a', 'b', 'c'], connectors: ['c1', 'c2', 'c3'] });
    expect(describeCycle(cycle!)).toBe(
      'cycle: pipeline "a" → connector "c1" → pipeline "b" → connector "c2" → pipeline "c" → connector "c3" → pipeline "a"',
    );

    const diamond = [
      p('a', ['r'], ['c1', 'c2']),
      p('b', ['c1'], ['c3']),
      p('c', ['c2'], ['c3']),
      p('d', ['c3'], ['e']),
    ];
    expect(findPipelineCycle(diamond, connectors)).toBeUndefined();
    const graph = buildGraph(diamond, connectors);
    expect(next(graph, 'connector:c3')).toEqual(['exporter:e']);
    expect(graph.order[0]).toBe('receiver:r');
    expect(graph.order.at(-1)).toBe('exporter:e');
    expectTopological(graph);
  });
});
