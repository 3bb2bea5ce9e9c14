import type { z } from 'zod';
import type { PathSegment } from './positions.js';

/** A key no schema accepts, with the keys that would have been accepted there. */
export interface UnknownKey {
  readonly path: readonly PathSegment[];
  readonly key: string;
  readonly allowed: readonly string[];
}

/** The parts of zod v4's schema definitions this walk reads (zod keeps them in `_zod.def`). */
interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly catchall?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly items?: readonly z.ZodType[];
  readonly rest?: z.ZodType | null;
  readonly getter?: () => z.ZodType;
}

export function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'readonly',
  'catch',
  'nonoptional',
  'success',
]);

/**
 * Finds keys that a plain `z.object()` would silently strip. A typo in a config (`endpont:`) must be an error,
 * never a default quietly taking its place, so every object is treated as strict unless its author opened it
 * on purpose (`z.looseObject`, `.catchall(...)`), in which case extra keys reach the component.
 */
export function findUnknownKeys(schema: z.ZodType, value: unknown, path: readonly PathSegment[] = []): UnknownKey[] {
  const out: UnknownKey[] = [];
  walk(schema, value, path, out);
  return out;
}

function walk(schema: z.ZodType, value: unknown, path: readonly PathSegment[], out: UnknownKey[]): void {
  const def = defOf(schema);
  if (WRAPPERS.has(def.type)) {
    if (value !== undefined && value !== null && def.innerType !== undefined) walk(def.innerType, value, path, out);
    return;
  }
  switch (def.type) {
    case 'pipe':
      if (def.in !== undefined) walk(def.in, value, path, out);
      return;
    case 'lazy':
      if (def.getter !== undefined) walk(def.getter(), value, path, out);
      return;
    case 'object':
      if (isPlainObject(value)) walkObject(def, value, path, out);
      return;
    case 'record':
      if (isPlainObject(value) && def.valueType !== undefined) {
        for (const [k, v] of Object.entries(value)) walk(def.valueType, v, [...path, k], out);
      }
      return;
    case 'array':
      if (Array.isArray(value) && def.element !== undefined) {
        value.forEach((v, i) => walk(def.element!, v, [...path, i], out));
      }
      return;
    case 'tuple':
      if (Array.isArray(value)) {
        value.forEach((v, i) => {
          const item = def.items?.[i] ?? def.rest ?? undefined;
          if (item !== undefined) walk(item, v, [...path, i], out);
        });
      }
      return;
    case 'union':
      walkUnion(def.options ?? [], value, path, out);
      return;
    default:
      // Scalars carry no keys; intersections cannot tell which side owns a key, so zod alone judges them.
      return;
  }
}

function walkObject(def: Def, value: Record<string, unknown>, path: readonly PathSegment[], out: UnknownKey[]): void {
  const shape = def.shape ?? {};
  const open = def.catchall !== undefined && defOf(def.catchall).type !== 'never';
  for (const [key, v] of Object.entries(value)) {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (field !== undefined) walk(field, v, [...path, key], out);
    else if (open && def.catchall !== undefined) walk(def.catchall, v, [...path, key], out);
    else out.push({ path, key, allowed: Object.keys(shape) });
  }
}

/** The value belongs to the first option it fully fits; failing that, to the first one it parses as. */
function walkUnion(options: readonly z.ZodType[], value: unknown, path: readonly PathSegment[], out: UnknownKey[]) {
  let fallback: UnknownKey[] | undefined;
  for (const option of options) {
    if (!option.safeParse(value).success) continue;
    const found: UnknownKey[] = [];
    walk(option, value, path, found);
    if (found.length === 0) return;
    fallback ??= found;
  }
  if (fallback !== undefined) out.push(...fallback);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
