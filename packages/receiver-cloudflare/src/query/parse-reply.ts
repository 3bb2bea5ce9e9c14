/** One entry of a GraphQL `errors[]`, reduced to what classification needs. */
export interface GraphqlErrorInfo {
  readonly message: string;
  readonly path: readonly (string | number)[] | undefined;
  /** The zone the error is about, when its path points into `viewer.zones[i]` and that entry carries a tag. */
  readonly zoneTag: string | undefined;
}

export interface ZoneRows {
  readonly zoneTag: string;
  /** Undefined when the dataset node was null (usually with an error about it). */
  readonly rows: readonly unknown[] | undefined;
}

export interface ParsedReply {
  readonly zones: readonly ZoneRows[];
  readonly errors: readonly GraphqlErrorInfo[];
  /** Set when the reply does not have the GraphQL shape at all (an HTML page, a truncated body...). */
  readonly malformed: string | undefined;
  /**
   * What is missing from a reply that otherwise has the GraphQL shape, with no error explaining it: a zone
   * without `zoneTag`, a zone without the dataset's list. Such a reply is not `ok`: data may be missing.
   */
  readonly anomalies: readonly string[];
}

const ZONE = { list: 'zones', tag: 'zoneTag' } as const;
const ACCOUNT = { list: 'accounts', tag: 'accountTag' } as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a GraphQL reply defensively: anything unexpected becomes `malformed` or is skipped, never thrown,
 * because a bad reply from the network must not take the receiver down.
 */
export function parseGraphqlReply(body: unknown, dataset: string, requested: readonly string[] = []): ParsedReply {
  if (!isObject(body)) return { zones: [], errors: [], malformed: 'reply is not a JSON object', anomalies: [] };

  // Account-scoped datasets answer under `viewer.accounts[].accountTag`; they are read like zones.
  const viewer = isObject(body.data) && isObject(body.data.viewer) ? body.data.viewer : undefined;
  const scope = viewer !== undefined && viewer.zones === undefined && viewer.accounts !== undefined ? ACCOUNT : ZONE;
  const rawZones = viewer?.[scope.list];
  const zones: ZoneRows[] = [];
  const tagsByIndex: (string | undefined)[] = [];
  if (Array.isArray(rawZones)) {
    for (const z of rawZones) {
      const raw = isObject(z) ? z[scope.tag] : undefined;
      const tag = typeof raw === 'string' ? raw : undefined;
      tagsByIndex.push(tag);
      if (tag === undefined || !isObject(z)) continue;
      const rows = z[dataset];
      zones.push({ zoneTag: tag, rows: Array.isArray(rows) ? rows : undefined });
    }
  }

  const errors: GraphqlErrorInfo[] = [];
  if (Array.isArray(body.errors)) {
    for (const e of body.errors) {
      if (!isObject(e)) continue;
      const message = typeof e.message === 'string' ? e.message : JSON.stringify(e).slice(0, 200);
      const path = Array.isArray(e.path)
        ? e.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number')
        : undefined;
      errors.push({ message, path, zoneTag: zoneOfPath(path, tagsByIndex, requested) });
    }
  } else if (body.errors !== undefined && body.errors !== null) {
    return { zones, errors, malformed: '"errors" is not a list', anomalies: [] };
  }

  if (!Array.isArray(rawZones) && errors.length === 0) {
    return { zones, errors, malformed: 'reply has neither data.viewer.zones nor errors', anomalies: [] };
  }
  return {
    zones,
    errors,
    malformed: undefined,
    anomalies: anomaliesOf(zones, tagsByIndex, errors, dataset, requested),
  };
}

/** Gaps no error accounts for (an error about a zone, or one about the whole query, explains its null list). */
function anomaliesOf(
  zones: readonly ZoneRows[],
  tagsByIndex: readonly (string | undefined)[],
  errors: readonly GraphqlErrorInfo[],
  dataset: string,
  requested: readonly string[],
): string[] {
  const out: string[] = [];
  if (tagsByIndex.includes(undefined)) {
    // The untagged entry is likely the zone that seems missing: one anomaly, not two.
    return ['a zone in the reply has no zoneTag: its rows cannot be attributed'];
  }
  if (errors.some((e) => e.zoneTag === undefined)) return out;
  const explained = new Set(errors.map((e) => e.zoneTag));
  for (const z of zones) {
    if (z.rows === undefined && !explained.has(z.zoneTag))
      out.push(`zone ${z.zoneTag}: the reply has no "${dataset}" list`);
  }
  const present = new Set(zones.map((z) => z.zoneTag));
  for (const tag of requested) {
    if (!present.has(tag) && !explained.has(tag)) out.push(`zone ${tag} was asked for and is missing from the reply`);
  }
  return out;
}

function zoneOfPath(
  path: readonly (string | number)[] | undefined,
  tagsByIndex: readonly (string | undefined)[],
  requested: readonly string[],
): string | undefined {
  if (path === undefined) return undefined;
  const at = path.includes('zones') ? path.indexOf('zones') : path.indexOf('accounts');
  // Cloudflare documents the zone index as a string ("0"); graphql-js servers send a number.
  const raw = at >= 0 ? path[at + 1] : undefined;
  const index = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof index !== 'number') return undefined;
  // With `data: null` there is no zone list to index; Cloudflare counts zones in the order they were asked for.
  return tagsByIndex.length > 0 ? tagsByIndex[index] : requested[index];
}
