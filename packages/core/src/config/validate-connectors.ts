import { isScalar, isSeq, type Document } from 'yaml';
import { describeCycle, findPipelineCycle } from './graph.js';
import { descend, rootOf, type Located } from './positions.js';
import type { Reporter } from './reporter.js';
import type { ResolvedPipeline } from './types.js';

/**
 * A connector joins pipelines, so it must be an exporter in one and a receiver in another (as in the
 * Collector); one side alone would drop data or wait forever. An unused connector is allowed, like any
 * unused component. Also rejects loops through connectors, naming every step of the loop.
 */
export function validateConnectors(
  doc: Document,
  connectors: ReadonlySet<string>,
  pipelines: readonly ResolvedPipeline[],
  reporter: Reporter,
): void {
  const root = rootOf(doc);
  for (const id of connectors) {
    const exportedBy = pipelines.filter((p) => p.exporters.includes(id)).map((p) => p.id);
    const receivedBy = pipelines.filter((p) => p.receivers.includes(id)).map((p) => p.id);
    if (exportedBy.length === 0 && receivedBy.length === 0) continue;
    const at = descend(doc, descend(doc, root, 'connectors') ?? root, id) ?? root;
    if (receivedBy.length === 0) {
      reporter.atKey(
        at,
        ['connectors', id],
        `connector "${id}" is an exporter of pipeline "${exportedBy[0]}" but no pipeline lists it under receivers`,
      );
    } else if (exportedBy.length === 0) {
      reporter.atKey(
        at,
        ['connectors', id],
        `connector "${id}" is a receiver of pipeline "${receivedBy[0]}" but no pipeline lists it under exporters`,
      );
    }
  }

  const cycle = findPipelineCycle(pipelines, connectors);
  if (cycle === undefined) return;
  const [pipeline, connector] = [cycle.pipelines[0]!, cycle.connectors[0]!];
  const path = ['service', 'pipelines', pipeline, 'exporters'];
  const list = pathNode(doc, root, path);
  const index = isSeq(list?.node) ? list.node.items.findIndex((n) => isScalar(n) && n.value === connector) : -1;
  const at = index >= 0 ? (descend(doc, list!, index) ?? list!) : (list ?? root);
  reporter.atValue(at, index >= 0 ? [...path, index] : path, describeCycle(cycle));
}

function pathNode(doc: Document, from: Located, path: readonly string[]): Located | undefined {
  let at: Located | undefined = from;
  for (const s of path) at = at === undefined ? undefined : descend(doc, at, s);
  return at;
}
