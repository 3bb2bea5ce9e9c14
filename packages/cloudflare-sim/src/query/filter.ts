import type { Cell } from '../model/cell.js';
import type { DimensionReader, FieldDef } from '../schema/datasets.js';
import { parseTime } from './time-dimensions.js';

export type RowPredicate = (cell: Cell, minuteMs: number) => boolean;

const OPS = ['_notlike', '_like', '_notin', '_in', '_neq', '_geq', '_gt', '_leq', '_lt'] as const;
type Op = (typeof OPS)[number] | '_eq';

export function splitOperator(key: string): { field: string; op: Op } {
  for (const op of OPS) if (key.endsWith(op) && key.length > op.length) return { field: key.slice(0, -op.length), op };
  return { field: key, op: '_eq' };
}

/**
 * Compiles a Cloudflare `<X>Filter_InputObject` (field, field_neq, _gt, _geq, _lt, _leq, _in, _notin, _like,
 * _notlike, AND, OR) into a row predicate. Null values mean "no condition", as GraphQL clients send them.
 */
export function compileFilter(
  filter: unknown,
  fields: readonly FieldDef[],
  readers: ReadonlyMap<string, DimensionReader>,
): RowPredicate {
  const types = new Map(fields.map((f) => [f.name, f.type]));
  const compile = (node: unknown): RowPredicate[] => {
    if (node === null || typeof node !== 'object') return [];
    const preds: RowPredicate[] = [];
    for (const [key, raw] of Object.entries(node as Record<string, unknown>)) {
      if (raw === null || raw === undefined) continue;
      if (key === 'AND' || key === 'OR') {
        const subs = (Array.isArray(raw) ? raw : [raw]).map((sub) => all(compile(sub)));
        if (subs.length > 0) preds.push(key === 'AND' ? all(subs) : (c, m) => subs.some((p) => p(c, m)));
        continue;
      }
      const { field, op } = splitOperator(key);
      const read = readers.get(field);
      if (read === undefined) continue;
      const norm = normaliser(types.get(field));
      preds.push(condition(read, op, raw, norm));
    }
    return preds;
  };
  return all(compile(filter));
}

function all(preds: readonly RowPredicate[]): RowPredicate {
  if (preds.length === 0) return () => true;
  if (preds.length === 1) return preds[0] as RowPredicate;
  return (c, m) => preds.every((p) => p(c, m));
}

type Norm = (v: unknown) => string | number;

function normaliser(type: string | undefined): Norm {
  switch (type) {
    case 'Time':
      return (v) => parseTime(v);
    case 'Date':
      return (v) => String(v).slice(0, 10);
    case 'string':
    case undefined:
      return (v) => String(v);
    default:
      return (v) => Number(v);
  }
}

function condition(read: DimensionReader, op: Op, raw: unknown, norm: Norm): RowPredicate {
  const list = (Array.isArray(raw) ? raw : [raw]).map(norm);
  const v = norm(raw);
  switch (op) {
    case '_eq':
      return (c, m) => read(c, m) === v;
    case '_neq':
      return (c, m) => read(c, m) !== v;
    case '_gt':
      return (c, m) => read(c, m) > v;
    case '_geq':
      return (c, m) => read(c, m) >= v;
    case '_lt':
      return (c, m) => read(c, m) < v;
    case '_leq':
      return (c, m) => read(c, m) <= v;
    case '_in': {
      const set = new Set(list);
      return (c, m) => set.has(read(c, m));
    }
    case '_notin': {
      const set = new Set(list);
      return (c, m) => !set.has(read(c, m));
    }
    case '_like': {
      const re = likeToRegExp(String(raw));
      return (c, m) => re.test(String(read(c, m)));
    }
    case '_notlike': {
      const re = likeToRegExp(String(raw));
      return (c, m) => !re.test(String(read(c, m)));
    }
  }
}

/** SQL LIKE: `%` is any run, `_` any one character. */
export function likeToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, 's');
}
