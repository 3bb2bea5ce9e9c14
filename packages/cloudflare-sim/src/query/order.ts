/** An output group as the resolvers build it: GraphQL's default resolvers read these properties. */
export interface OutputGroup {
  readonly count?: number;
  readonly dimensions?: Record<string, string | number>;
  readonly sum?: Record<string, unknown>;
  readonly avg?: Record<string, unknown>;
  readonly uniq?: Record<string, unknown>;
  readonly ratio?: Record<string, unknown>;
  readonly quantiles?: Record<string, unknown>;
}

type Getter = (g: OutputGroup) => unknown;

function getter(field: string): Getter {
  if (field === 'count') return (g) => g.count;
  for (const part of ['sum', 'avg', 'uniq'] as const) {
    if (field.startsWith(`${part}_`)) {
      const name = field.slice(part.length + 1);
      return (g) => g[part]?.[name];
    }
  }
  return (g) => g.dimensions?.[field];
}

function compare(a: unknown, b: unknown): number {
  if (a === b || a === undefined || b === undefined) return 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Applies `orderBy: [field_ASC, sum_x_DESC, ...]` (stable) and `limit`. Unknown or unselected keys are ignored. */
export function orderAndLimit<T extends OutputGroup>(groups: T[], orderBy: unknown, limit: number): T[] {
  const keys = (Array.isArray(orderBy) ? orderBy : orderBy === undefined || orderBy === null ? [] : [orderBy])
    .map(String)
    .map((value) => {
      const desc = value.endsWith('_DESC');
      return { get: getter(value.replace(/_(ASC|DESC)$/, '')), sign: desc ? -1 : 1 };
    });
  if (keys.length > 0) {
    groups.sort((a, b) => {
      for (const k of keys) {
        const c = compare(k.get(a), k.get(b));
        if (c !== 0) return c * k.sign;
      }
      return 0;
    });
  }
  return groups.length > limit ? groups.slice(0, limit) : groups;
}
