import { isMap, isPair, type Document, type Node } from 'yaml';
import { parseComponentId } from './component-id.js';
import { descend, type Located, type PathSegment } from './positions.js';
import type { Reporter } from './reporter.js';
import { pipelineSchema } from './service-schema.js';
import { closest } from './suggest.js';
import type { ResolvedPipeline } from './types.js';
import type { Section, SectionResult } from './validate-components.js';
import { validateNode } from './validate-value.js';
import { keyText } from './yaml-walk.js';

type Sections = Readonly<Record<Section, SectionResult>>;
type ListName = 'receivers' | 'processors' | 'exporters';

/** Which sections a pipeline list may reference. */
const SOURCES: Record<ListName, readonly Section[]> = {
  receivers: ['receivers', 'connectors'],
  processors: ['processors'],
  exporters: ['exporters', 'connectors'],
};

/**
 * Checks `service.pipelines`: pipeline ids, that every listed id is defined in a section that list may use,
 * repeats, and that each pipeline has a receiver and an exporter. Returns the pipelines as written (only
 * entries that name a defined component), so the graph can still look for cycles.
 */
export function validatePipelines(
  doc: Document,
  serviceAt: Located,
  sections: Sections,
  reporter: Reporter,
): ResolvedPipeline[] {
  const out: ResolvedPipeline[] = [];
  const root = descend(doc, serviceAt, 'pipelines');
  if (root === undefined) {
    reporter.atKey(serviceAt, ['service'], 'missing required key "pipelines": service must list the pipelines to run');
    return out;
  }
  if (!isMap(root.node) || root.node.items.length === 0) {
    reporter.atValue(root, ['service', 'pipelines'], 'service.pipelines must define at least one pipeline');
    return out;
  }
  for (const pair of root.node.items) {
    if (!isPair(pair)) continue;
    const id = keyText(pair.key);
    const at: Located = { node: (pair.value as Node | null) ?? null, key: pair.key as Node };
    const path: PathSegment[] = ['service', 'pipelines', id];
    const parsed = parseComponentId(id);
    if ('error' in parsed) reporter.atKey(at, path, parsed.error.replace('invalid id', 'invalid pipeline id'));
    else if (parsed.type !== 'metrics') {
      reporter.atKey(
        at,
        path,
        `pipeline type "${parsed.type}" is not supported: settle pipelines carry metrics (write metrics or metrics/<name>)`,
      );
    }
    const checked = validateNode(doc, at, path, pipelineSchema, reporter);
    const lists = checked.ok
      ? (checked.value as Record<ListName, string[]>)
      : { receivers: [], processors: [], exporters: [] };
    const pick = (list: ListName) => checkList(doc, at, [...path, list], id, list, lists[list], sections, reporter);
    const pipeline = { id, receivers: pick('receivers'), processors: pick('processors'), exporters: pick('exporters') };
    for (const list of ['receivers', 'exporters'] as const) {
      if (!checked.ok || lists[list].length > 0) continue;
      const listAt = descend(doc, at, list) ?? at;
      reporter.atValue(listAt, [...path, list], `pipeline "${id}" has no ${list}: list at least one`);
    }
    out.push(pipeline);
  }
  return out;
}

function checkList(
  doc: Document,
  pipelineAt: Located,
  path: readonly PathSegment[],
  pipelineId: string,
  list: ListName,
  ids: readonly string[],
  sections: Sections,
  reporter: Reporter,
): string[] {
  const kept: string[] = [];
  ids.forEach((ref, i) => {
    const at = descend(doc, pipelineAt, list) ?? pipelineAt;
    const itemAt = descend(doc, at, i) ?? at;
    const itemPath = [...path, i];
    if (ids.indexOf(ref) < i) {
      reporter.atValue(itemAt, itemPath, `"${ref}" is listed twice in the ${list} of pipeline "${pipelineId}"`);
      return;
    }
    const allowed = SOURCES[list];
    if (allowed.some((s) => sections[s].defined.has(ref))) {
      kept.push(ref);
      return;
    }
    reporter.atValue(itemAt, itemPath, unknownReference(ref, list, allowed, sections));
  });
  return kept;
}

function unknownReference(ref: string, list: ListName, allowed: readonly Section[], sections: Sections): string {
  const where = allowed.map((s) => `${s}:`).join(' or ');
  const elsewhere = (Object.keys(sections) as Section[]).find((s) => sections[s].defined.has(ref));
  if (elsewhere !== undefined) {
    return `"${ref}" is defined under ${elsewhere}:, but the ${list} of a pipeline must be defined under ${where}`;
  }
  const candidates = allowed.flatMap((s) => [...sections[s].defined]);
  const guess = closest(ref, candidates);
  const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
  return `unknown ${list.slice(0, -1)} "${ref}": it must be defined under ${where}${hint}`;
}
