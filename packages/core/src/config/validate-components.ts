import { isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import type { ComponentDefinition } from '../component/define.js';
import type { ComponentRegistry } from '../component/registry.js';
import type { ComponentKind } from '../component/types.js';
import { parseComponentId } from './component-id.js';
import { BUILTIN_CONNECTORS } from './connectors.js';
import { descend, rootOf, type Located } from './positions.js';
import type { Reporter } from './reporter.js';
import { closest } from './suggest.js';
import type { ResolvedComponent, ResolvedKind } from './types.js';
import { validateNode } from './validate-value.js';
import { keyText } from './yaml-walk.js';

export const SECTIONS = {
  receivers: 'receiver',
  processors: 'processor',
  exporters: 'exporter',
  connectors: 'connector',
} as const satisfies Record<string, ResolvedKind>;
export type Section = keyof typeof SECTIONS;

export interface SectionResult {
  /** Components that validated, by id. */
  readonly valid: Map<string, ResolvedComponent>;
  /** Every id written in the section, valid or not: a pipeline naming one of these is not "unknown". */
  readonly defined: Set<string>;
}

/** Validates one section (`receivers:` ...): ids, types known to the registry, each config against its schema. */
export function validateSection(
  doc: Document,
  section: Section,
  registry: ComponentRegistry,
  reporter: Reporter,
): SectionResult {
  const result: SectionResult = { valid: new Map(), defined: new Set() };
  const at = descend(doc, rootOf(doc), section);
  if (at === undefined || at.node === null || (isScalar(at.node) && at.node.value === null)) return result;
  if (!isMap(at.node)) {
    reporter.atValue(at, [section], `${section} must be a mapping of component ids to their settings`);
    return result;
  }
  const kind = SECTIONS[section];
  for (const pair of at.node.items) {
    if (!isPair(pair)) continue;
    const id = keyText(pair.key);
    const entry: Located = { node: (pair.value as Node | null) ?? null, key: pair.key as Node };
    result.defined.add(id);
    const parsedId = parseComponentId(id);
    if ('error' in parsedId) {
      reporter.atKey(entry, [section, id], parsedId.error);
      continue;
    }
    const found = lookup(kind, parsedId.type, registry);
    if ('error' in found) {
      reporter.atKey(entry, [section, id], found.error);
      continue;
    }
    const checked = validateNode(doc, entry, [section, id], found.schema, reporter);
    if (!checked.ok) continue;
    result.valid.set(id, {
      id,
      kind,
      type: parsedId.type,
      name: parsedId.name,
      definition: found.definition,
      config: checked.value,
    });
  }
  return result;
}

function lookup(
  kind: ResolvedKind,
  type: string,
  registry: ComponentRegistry,
): { schema: z.ZodType; definition: ComponentDefinition | undefined } | { error: string } {
  if (kind === 'connector') {
    const schema = BUILTIN_CONNECTORS.get(type);
    if (schema !== undefined) return { schema, definition: undefined };
    return { error: unknownType(kind, type, [...BUILTIN_CONNECTORS.keys()], registry) };
  }
  const registered = registry.get(kind, type);
  if (registered !== undefined) return { schema: registered.definition.config, definition: registered.definition };
  return { error: unknownType(kind, type, registry.types(kind), registry) };
}

function unknownType(kind: ResolvedKind, type: string, available: string[], registry: ComponentRegistry): string {
  const others = (['receiver', 'processor', 'exporter'] as const satisfies ComponentKind[]).filter(
    (k) => k !== kind && registry.get(k, type) !== undefined,
  );
  if (others.length > 0) {
    return `unknown ${kind} type "${type}": "${type}" is ${article(others[0]!)} ${others[0]!}; move it to the ${others[0]!}s section`;
  }
  const guess = closest(type, available);
  const list = available.length === 0 ? 'none are registered' : `available: ${available.join(', ')}`;
  const hint = guess === undefined ? '' : `did you mean "${guess}"? `;
  const plugin = kind === 'connector' ? '' : '; a plugin may provide it (plugins: [...])';
  return `unknown ${kind} type "${type}": ${hint}${list}${plugin}`;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
