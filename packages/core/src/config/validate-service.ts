import { isMap, isScalar, type Document } from 'yaml';
import { descend, rootOf, type Located } from './positions.js';
import type { Reporter } from './reporter.js';
import { serviceShallowSchema, telemetrySchema } from './service-schema.js';
import type { ClusterMembership } from '../cluster/rendezvous.js';
import type { ResolvedPipeline, TelemetryConfig } from './types.js';
import type { Section, SectionResult } from './validate-components.js';
import { validatePipelines } from './validate-pipelines.js';
import { validateNode } from './validate-value.js';

export interface ServiceResult {
  readonly telemetry: TelemetryConfig | undefined;
  readonly dataDir: string | undefined;
  readonly cluster: ClusterMembership | undefined;
  readonly pipelines: ResolvedPipeline[];
}

/** Validates `service:`: its own keys, `telemetry`, then every pipeline against the defined components. */
export function validateService(
  doc: Document,
  sections: Readonly<Record<Section, SectionResult>>,
  reporter: Reporter,
): ServiceResult {
  const none: ServiceResult = { telemetry: undefined, dataDir: undefined, cluster: undefined, pipelines: [] };
  const at = descend(doc, rootOf(doc), 'service');
  if (at === undefined) {
    reporter.at(0, 'service', 'missing service: it lists the pipelines to run (service.pipelines)');
    return none;
  }
  if (!isMap(at.node)) {
    const empty = at.node === null || (isScalar(at.node) && at.node.value === null);
    reporter.atValue(
      at,
      ['service'],
      empty ? 'service is empty: it must define pipelines' : 'service must be a mapping',
    );
    return none;
  }
  const shallow = validateNode(doc, at, ['service'], serviceShallowSchema, reporter);
  const own = shallow.ok ? (shallow.value as { data_dir?: string; cluster?: ClusterMembership }) : {};

  const telemetryAt: Located = descend(doc, at, 'telemetry') ?? { node: null, key: at.key };
  const telemetry = validateNode(doc, telemetryAt, ['service', 'telemetry'], telemetrySchema, reporter);
  const pipelines = validatePipelines(doc, at, sections, reporter);
  return {
    telemetry: telemetry.ok ? (telemetry.value as TelemetryConfig) : undefined,
    dataDir: own.data_dir,
    cluster: own.cluster,
    pipelines,
  };
}
