import { isMap, isPair, type Node } from 'yaml';
import type { ComponentRegistry } from '../component/registry.js';
import { buildGraph } from './graph.js';
import type { ParsedConfig } from './parse.js';
import type { ConfigProblem } from './problems.js';
import { Reporter } from './reporter.js';
import { closest } from './suggest.js';
import type { ResolvedConfig } from './types.js';
import { SECTIONS, validateSection, type Section, type SectionResult } from './validate-components.js';
import { validateConnectors } from './validate-connectors.js';
import { validateService } from './validate-service.js';
import { keyText } from './yaml-walk.js';

const TOP_LEVEL_KEYS = ['plugins', ...Object.keys(SECTIONS), 'service'];

/**
 * Step 2: validate against the registry (after plugins were registered) and build the pipeline graph.
 * Collects every problem; `config` is set only when there is none. Problems of step 1 are not repeated here,
 * but a parse with an unset variable never yields a config.
 */
export function resolveConfig(
  parsed: ParsedConfig,
  registry: ComponentRegistry,
): { config?: ResolvedConfig; problems: ConfigProblem[] } {
  const { doc, lineCounter, poisoned } = parsed.source;
  const reporter = new Reporter(parsed.file, lineCounter, poisoned);
  const root = doc.contents as Node;

  if (isMap(root)) {
    for (const pair of root.items) {
      if (!isPair(pair)) continue;
      const key = keyText(pair.key);
      if (TOP_LEVEL_KEYS.includes(key)) continue;
      const guess = closest(key, TOP_LEVEL_KEYS);
      const hint = guess === undefined ? `expected one of ${TOP_LEVEL_KEYS.join(', ')}` : `did you mean "${guess}"?`;
      reporter.atKey({ node: null, key: pair.key as Node }, [key], `unknown top-level key "${key}": ${hint}`);
    }
  }

  const sections = {} as Record<Section, SectionResult>;
  for (const section of Object.keys(SECTIONS) as Section[]) {
    sections[section] = validateSection(doc, section, registry, reporter);
  }
  const service = validateService(doc, sections, reporter);
  validateConnectors(doc, sections.connectors.defined, service.pipelines, reporter);

  if (reporter.problems.length > 0 || poisoned.size > 0 || service.telemetry === undefined) {
    return { problems: reporter.sorted() };
  }
  const connectorIds = new Set(sections.connectors.valid.keys());
  return {
    problems: [],
    config: {
      file: parsed.file,
      receivers: sections.receivers.valid,
      processors: sections.processors.valid,
      exporters: sections.exporters.valid,
      connectors: sections.connectors.valid,
      pipelines: service.pipelines,
      graph: buildGraph(service.pipelines, connectorIds),
      service: { telemetry: service.telemetry, dataDir: service.dataDir },
    },
  };
}
