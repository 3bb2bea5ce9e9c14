import { TIME_DIMENSION, type DatasetSpec } from '../datasets/types.js';

/** The body of one POST to the GraphQL endpoint. */
export interface GraphqlRequest {
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
}

export interface ZoneQueryParams {
  readonly zoneTags: readonly string[];
  /** Inclusive start, epoch ms (sent as `datetime_geq`). */
  readonly sinceMs: number;
  /** Exclusive end, epoch ms (sent as `datetime_lt`). */
  readonly untilMs: number;
  /** Rows per zone; Cloudflare's maximum page size is 10,000. */
  readonly limit: number;
}

/** RFC 3339 at whole seconds, the format Cloudflare's `Time` scalar documents. */
export function toRfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Builds the query for one dataset over up to 10 zones, in the shape Cloudflare documents:
 * `viewer { zones(filter: { zoneTag_in }) { zoneTag <dataset>(limit, filter, orderBy) { ... } } }`.
 * Variable types are the real schema's (`string`, `Time`, `uint64`). Ordering by minute lets the caller page
 * through a truncated reply by moving the start to the last minute it saw.
 */
export function buildZoneQuery(spec: DatasetSpec, params: ZoneQueryParams): GraphqlRequest {
  const filter = ['datetime_geq: $since', 'datetime_lt: $until'];
  for (const [key, value] of Object.entries(spec.filter ?? {})) filter.push(`${key}: ${literal(value)}`);
  const query = [
    `query ${operationName(spec)}($zoneTags: [string!], $since: Time!, $until: Time!, $limit: uint64!) {`,
    '  viewer {',
    '    zones(filter: { zoneTag_in: $zoneTags }) {',
    '      zoneTag',
    `      ${spec.dataset}(limit: $limit, filter: { ${filter.join(', ')} }, orderBy: [${TIME_DIMENSION}_ASC]) {`,
    ...renderSelection(selectionTree(spec), 8),
    '      }',
    '    }',
    '  }',
    '}',
  ].join('\n');
  return {
    query,
    variables: {
      zoneTags: [...params.zoneTags],
      since: toRfc3339(params.sinceMs),
      until: toRfc3339(params.untilMs),
      limit: params.limit,
    },
  };
}

function operationName(spec: DatasetSpec): string {
  return `Settle_${spec.id.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase())}`;
}

function literal(value: string | number | readonly (string | number)[]): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return `[${value.map((v) => literal(v)).join(', ')}]`;
}

type Tree = Map<string, Tree>;

/** The fields a spec needs, as a tree of dotted paths (`sum.countryMap.requests`). */
export function selectionTree(spec: DatasetSpec): Tree {
  const root: Tree = new Map();
  const add = (path: string): void => {
    let node = root;
    for (const part of path.split('.')) {
      let child = node.get(part);
      if (child === undefined) {
        child = new Map();
        node.set(part, child);
      }
      node = child;
    }
  };
  add(`dimensions.${TIME_DIMENSION}`);
  for (const d of spec.dimensions) add(`dimensions.${d.field}`);
  for (const m of spec.metrics) {
    if (m.map === undefined) {
      add(m.value);
      continue;
    }
    add(`${m.map}.${m.value}`);
    for (const l of m.mapLabels ?? []) add(`${m.map}.${l.field}`);
  }
  return root;
}

function renderSelection(tree: Tree, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [name, children] of tree) {
    if (children.size === 0) {
      lines.push(`${pad}${name}`);
    } else {
      lines.push(`${pad}${name} {`, ...renderSelection(children, indent + 2), `${pad}}`);
    }
  }
  return lines;
}
