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
  if (spec.scope === 'account') return buildAccountQuery(spec, params);
  const query = [
    `query ${operationName(spec)}($zoneTags: [string!], $since: Time!, $until: Time!, $limit: uint64!) {`,
    '  viewer {',
    '    zones(filter: { zoneTag_in: $zoneTags }) {',
    '      zoneTag',
    `      ${datasetCall(spec)} {`,
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

/**
 * An account-scoped dataset, for one account (Cloudflare's `accounts` filter takes a single `accountTag`):
 * `viewer { accounts(filter: { accountTag }) { accountTag <dataset>(...) { ... } } }`. `params.zoneTags` holds
 * that one account tag.
 */
function buildAccountQuery(spec: DatasetSpec, params: ZoneQueryParams): GraphqlRequest {
  const [accountTag, ...more] = params.zoneTags;
  if (accountTag === undefined || more.length > 0) {
    throw new RangeError(`${spec.id} is account-scoped: one account per query, got ${params.zoneTags.length}`);
  }
  const query = [
    `query ${operationName(spec)}($accountTag: string!, $since: Time!, $until: Time!, $limit: uint64!) {`,
    '  viewer {',
    '    accounts(filter: { accountTag: $accountTag }) {',
    '      accountTag',
    `      ${datasetCall(spec)} {`,
    ...renderSelection(selectionTree(spec), 8),
    '      }',
    '    }',
    '  }',
    '}',
  ].join('\n');
  return {
    query,
    variables: {
      accountTag,
      since: toRfc3339(params.sinceMs),
      until: toRfc3339(params.untilMs),
      limit: params.limit,
    },
  };
}

/** `<dataset>(limit: $limit, filter: { time range, spec filter }, orderBy: [datetimeMinute_ASC])` */
function datasetCall(spec: DatasetSpec): string {
  const filter = ['datetime_geq: $since', 'datetime_lt: $until'];
  for (const [key, value] of Object.entries(spec.filter ?? {})) filter.push(`${key}: ${literal(value)}`);
  return `${spec.dataset}(limit: $limit, filter: { ${filter.join(', ')} }, orderBy: [${TIME_DIMENSION}_ASC])`;
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
