import type { GraphQLResolveInfo } from 'graphql';
import { MAX_ZONES_PER_QUERY, messages, QueryError } from '../query/query-error.js';
import type { ZoneProfile } from '../model/zones.js';
import { ACCOUNT_EXTRA, ZONE_EXTRA } from './extra-datasets.js';
import { resolveAdaptiveGroups } from './resolve-adaptive.js';
import { resolveExtra } from './resolve-extra.js';
import { resolveMinuteGroups } from './resolve-minute.js';
import { DATASETS, DATASET_NAMES } from './datasets.js';
import type { RequestContext } from './request-context.js';

type Args = Record<string, unknown>;
type FieldFn = (args: Args, ctx: unknown, info: GraphQLResolveInfo) => unknown;

/** The root value: plain objects whose function-valued properties graphql-js' default resolver calls. */
export function rootValue(ctx: RequestContext): Record<string, unknown> {
  return {
    cost: 1,
    viewer: () => ({
      budget: ctx.sim.graphqlQuota.remaining(ctx.token, ctx.now),
      zones: ((args) => resolveZones(ctx, args)) satisfies FieldFn,
      accounts: ((args) => resolveAccounts(ctx, args)) satisfies FieldFn,
    }),
  };
}

function resolveAccounts(ctx: RequestContext, args: Args): unknown[] {
  const filter = (args['filter'] ?? {}) as Args;
  const tag = filter['accountTag'];
  if (tag !== undefined && tag !== null && tag !== ctx.sim.accountTag) {
    throw new QueryError(messages.accountNotAuthorized, 200, 'authz');
  }
  const account = { key: ctx.sim.accountTag, index: -1 };
  const guard = (dataset: string): void => {
    const reason = ctx.sim.denial(ctx.sim.accountTag, dataset);
    if (reason === 'access') throw new QueryError(messages.noAccess(ctx.sim.accountTag), 200, 'authz');
    if (reason === 'plan') throw new QueryError(messages.plan(dataset), 200, 'authz');
  };
  const node: Record<string, unknown> = {
    accountTag: ctx.sim.accountTag,
    zones: ((a) => resolveZones(ctx, a)) satisfies FieldFn,
  };
  for (const def of ACCOUNT_EXTRA) {
    node[def.name] = ((a, _c, info) => {
      guard(def.name);
      return resolveExtra(ctx, def, account, a, info);
    }) satisfies FieldFn;
  }
  return [node];
}

function resolveZones(ctx: RequestContext, args: Args): unknown[] {
  const filter = (args['filter'] ?? {}) as Args;
  const wanted =
    filter['zoneTag_in'] ??
    (filter['zoneTag'] === undefined || filter['zoneTag'] === null ? undefined : [filter['zoneTag']]);
  let zones: ZoneProfile[];
  if (Array.isArray(wanted)) {
    const tags = [...new Set(wanted.map(String))];
    if (tags.length > MAX_ZONES_PER_QUERY) throw new QueryError(messages.tooManyZones(MAX_ZONES_PER_QUERY), 400);
    const unknown = tags.filter((t) => ctx.sim.zoneByTag(t) === undefined);
    if (unknown.length > 0) throw new QueryError(messages.zonesNotAuthorized(unknown), 200, 'authz');
    zones = tags.map((t) => ctx.sim.zoneByTag(t) as ZoneProfile);
  } else {
    zones = [...ctx.sim.profiles];
    if (zones.length > MAX_ZONES_PER_QUERY) throw new QueryError(messages.tooManyZones(MAX_ZONES_PER_QUERY), 400);
  }
  const limit = args['limit'];
  if (typeof limit === 'number' && limit >= 0) zones = zones.slice(0, limit);
  for (const zone of zones) {
    const perToken = (ctx.sim.counters.byZoneToken[zone.tag] ??= {});
    perToken[ctx.token] = (perToken[ctx.token] ?? 0) + 1;
  }
  return zones.map((zone) => zoneNode(ctx, zone));
}

function zoneNode(ctx: RequestContext, zone: ZoneProfile): Record<string, unknown> {
  const guard = (dataset: string): void => {
    const reason = ctx.sim.denial(zone.tag, dataset);
    if (reason === 'access') throw new QueryError(messages.noAccess(zone.tag), 200, 'authz');
    if (reason === 'plan') throw new QueryError(messages.plan(dataset), 200, 'authz');
  };
  return {
    zoneTag: zone.tag,
    httpRequests1mGroups: ((args, _c, info) => {
      guard('httpRequests1mGroups');
      return resolveMinuteGroups(ctx, zone, args, info);
    }) satisfies FieldFn,
    httpRequestsAdaptiveGroups: ((args, _c, info) => {
      guard('httpRequestsAdaptiveGroups');
      return resolveAdaptiveGroups(ctx, zone, DATASETS.httpRequestsAdaptiveGroups, args, info);
    }) satisfies FieldFn,
    firewallEventsAdaptiveGroups: ((args, _c, info) => {
      guard('firewallEventsAdaptiveGroups');
      return resolveAdaptiveGroups(ctx, zone, DATASETS.firewallEventsAdaptiveGroups, args, info);
    }) satisfies FieldFn,
    ...Object.fromEntries(
      ZONE_EXTRA.map((def) => [
        def.name,
        ((a, _c, info) => {
          guard(def.name);
          return resolveExtra(ctx, def, { key: zone.tag, index: zone.index }, a, info);
        }) satisfies FieldFn,
      ]),
    ),
    settings: () => settingsNode(ctx, zone),
  };
}

function settingsNode(ctx: RequestContext, zone: ZoneProfile): Record<string, unknown> {
  return Object.fromEntries(
    DATASET_NAMES.map((name) => {
      const limits = ctx.sim.limitsFor(name);
      return [
        name,
        {
          enabled: ctx.sim.denial(zone.tag, name) === undefined,
          availableFields: DATASETS[name].dimensions.map((d) => d.name),
          maxDuration: Math.round(limits.maxDurationMs / 1000),
          maxNumberOfFields: 100,
          maxPageSize: 10_000,
          notOlderThan: Math.round(limits.notOlderThanMs / 1000),
        },
      ];
    }),
  );
}
