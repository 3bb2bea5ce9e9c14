import { isScalar, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { locate, type Located, type PathSegment } from './positions.js';
import type { Reporter } from './reporter.js';
import { closest } from './suggest.js';
import { findUnknownKeys } from './unknown-keys.js';

/** A schema issue, with what a reader needs to fix it: where it is and what was written there. */
type Issue = z.core.$ZodIssue;

/**
 * Validates the YAML value at `at` with a zod schema and reports every issue at its own node. An empty value
 * (`debug:`, `debug: null`) becomes `empty`, so a component written without settings gets all its defaults.
 */
export function validateNode(
  doc: Document,
  at: Located,
  path: readonly PathSegment[],
  schema: z.ZodType,
  reporter: Reporter,
  empty: unknown = {},
): { ok: true; value: unknown } | { ok: false } {
  const raw: unknown = isEmpty(at.node) ? empty : (at.node as Node).toJS(doc, { maxAliasCount: -1 }); // aliases were bounded by checkAliases
  let ok = true;
  const reported = new Set<string>();
  for (const u of findUnknownKeys(schema, raw)) {
    const keyAt = locate(doc, at, [...u.path, u.key]).found;
    reported.add(JSON.stringify([...u.path, u.key]));
    reporter.atKey(keyAt, [...path, ...u.path, u.key], unknownKeyMessage(u.key, u.allowed));
    ok = false;
  }
  const result = schema.safeParse(raw);
  if (result.success) return ok ? { ok: true, value: result.data } : { ok: false };
  for (const issue of result.error.issues) {
    const segments = issue.path.map((s) => (typeof s === 'number' ? s : String(s)));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        if (reported.has(JSON.stringify([...segments, key]))) continue;
        reporter.atKey(locate(doc, at, [...segments, key]).found, [...path, ...segments, key], `unknown key "${key}"`);
      }
      continue;
    }
    const { found, rest } = locate(doc, at, segments);
    const missing = rest.length > 0 && valueAt(raw, segments) === undefined;
    if (missing && issue.code === 'invalid_type') {
      const where = segments.slice(0, segments.length - rest.length);
      reporter.atValue(found, [...path, ...where], `missing required key "${String(rest[0])}"`);
    } else {
      reporter.atValue(found, [...path, ...segments], issueMessage(issue, valueAt(raw, segments)));
    }
  }
  return { ok: false };
}

function isEmpty(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  if (allowed.length === 0) return `unknown key "${key}": nothing is configurable here`;
  const guess = closest(key, allowed);
  if (guess !== undefined) return `unknown key "${key}": did you mean "${guess}"?`;
  return `unknown key "${key}": expected one of ${allowed.join(', ')}`;
}

function valueAt(root: unknown, segments: readonly PathSegment[]): unknown {
  let v = root;
  for (const s of segments) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PathSegment, unknown>)[s];
  }
  return v;
}

/** zod's wording ("Invalid input: expected number, received string") reworded to show what was written. */
function issueMessage(issue: Issue, value: unknown): string {
  if (issue.code === 'invalid_type') {
    return value === null
      ? `missing value: expected ${issue.expected}`
      : `wrong type: expected ${issue.expected}, got ${describe(value)}`;
  }
  if (issue.code === 'invalid_value') {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${describe(value)}`;
  }
  if (issue.code === 'custom') return issue.message;
  const text = issue.message.replace(/^Invalid input: /, '');
  return `${text.charAt(0).toLowerCase()}${text.slice(1)} (got ${describe(value)})`;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `${typeof value} ${String(value)}`;
  }
  return typeof value;
}
