import type { Document } from 'yaml';
import { descend, rootOf, type Located } from './positions.js';
import type { Reporter } from './reporter.js';
import type { ResolvedComponent, ResolvedPipeline } from './types.js';

/**
 * Refuses a processor placed after one whose output it cannot take (definitions' `pipeline` traits): e.g.
 * `aggregate` after `converge`, whose batches hold partial buckets. Traits pass through the processors in
 * between. Only within one pipeline; what crosses a connector is refused at run time by the processor itself.
 */
export function validateProcessorOrder(
  doc: Document,
  pipelines: readonly ResolvedPipeline[],
  processors: ReadonlyMap<string, ResolvedComponent>,
  reporter: Reporter,
): void {
  for (const pipeline of pipelines) {
    const emitted = new Map<string, string>(); // trait → id of the first processor emitting it
    pipeline.processors.forEach((id, i) => {
      const definition = processors.get(id)?.definition;
      if (definition?.kind !== 'processor') return;
      for (const [trait, reason] of Object.entries(definition.pipeline?.refuses ?? {})) {
        const emitter = emitted.get(trait);
        if (emitter === undefined) continue;
        const path = ['service', 'pipelines', pipeline.id, 'processors', i];
        reporter.atValue(
          locate(doc, path),
          path,
          `processor "${id}" cannot come after "${emitter}" in pipeline "${pipeline.id}": ${reason}`,
        );
      }
      for (const trait of definition.pipeline?.emits ?? []) if (!emitted.has(trait)) emitted.set(trait, id);
    });
  }
}

function locate(doc: Document, path: readonly (string | number)[]): Located {
  let at: Located = rootOf(doc);
  for (const segment of path) at = descend(doc, at, segment) ?? at;
  return at;
}
