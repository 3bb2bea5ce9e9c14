import { isMap, isPair, type Document, type Node } from 'yaml';
import type { ServiceSettings } from '../component/define.js';
import type { ComponentRegistry } from '../component/registry.js';
import { buildGraph } from './graph.js';
import type { ParsedConfig } from './parse.js';
import type { ConfigProblem } from './problems.js';
import { Reporter } from './reporter.js';
import { closest } from './suggest.js';
import { descend, locate, rootOf } from './positions.js';
import type { ResolvedComponent, ResolvedConfig } from './types.js';
import { SECTIONS, validateSection, type Section, type SectionResult } from './validate-components.js';
import { validateConnectors } from './validate-connectors.js';
import { validateProcessorOrder } from './validate-processor-order.js';
import { validateService } from './validate-service.js';
import { keyText } from './yaml-walk.js';

export interface ResolveOptions {
  /** `--data-dir`: wins over `service.data_dir` for the components' checks, as it does at run time. */
  readonly dataDir?: string;
}

const TOP_LEVEL_KEYS = ['plugins', ...Object.keys(SECTIONS), 'service'];

/**
 * Step 2: validate against the registry (after plugins were registered) and build the pipeline graph.
 * Collects every problem; `config` is set only when there is none. Problems of step 1 are not repeated here,
 * but a parse with an unset variable never yields a config.
 */
export function resolveConfig(
  parsed: ParsedConfig,
  registry: ComponentRegistry,
  options: ResolveOptions = {},
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
  validateProcessorOrder(doc, service.pipelines, sections.processors.valid, reporter);
  const settings = { dataDir: options.dataDir ?? service.dataDir };
  for (const section of ['receivers', 'processors', 'exporters'] as const) {
    runChecks(doc, section, sections[section].valid, settings, reporter);
  }

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
      service: {
        telemetry: service.telemetry,
        dataDir: service.dataDir,
        ...(service.cluster === undefined ? {} : { cluster: service.cluster }),
      },
    },
  };
}

/** Each component definition's own `check`, reported at the deepest node of the path it names. */
function runChecks(
  doc: Document,
  section: 'receivers' | 'processors' | 'exporters',
  components: ReadonlyMap<string, ResolvedComponent>,
  settings: ServiceSettings,
  reporter: Reporter,
): void {
  const sectionAt = descend(doc, rootOf(doc), section);
  for (const [id, component] of components) {
    const problems = component.definition?.check?.(component.config, settings) ?? [];
    if (problems.length === 0) continue;
    const entry = sectionAt === undefined ? undefined : descend(doc, sectionAt, id);
    for (const p of problems) {
      const at = entry === undefined ? { node: null, key: undefined } : locate(doc, entry, p.path).found;
      reporter.atValue(at, [section, id, ...p.path], p.message);
    }
  }
}
