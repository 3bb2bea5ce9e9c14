import { duration, endpointUrl } from '@settle/core';
import { z } from 'zod';
import { DATASETS, DATASET_IDS, DEFAULT_DATASETS } from './datasets/catalog.js';
import { checkSelection, selectionShape } from './selection/selection-config.js';
import { STATUS_SOURCES } from './status/status-poller.js';

export const DEFAULT_GRAPHQL_ENDPOINT = 'https://api.cloudflare.com/client/v4/graphql';
export const DEFAULT_API_ENDPOINT = 'https://api.cloudflare.com/client/v4';

const tag = (what: string) =>
  z.string().regex(/^[0-9a-f]{32}$/i, `a ${what} tag is the 32-hex-digit ${what} ID from the dashboard, not a name`);

const backfillSchema = z
  .object({
    since: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'RFC 3339 time to start from, e.g. "2026-01-01T00:00:00Z"' }),
    duration: duration({ min: 60_000, max: 366 * 86_400_000 })
      .optional()
      .meta({ description: 'how far back to start, e.g. "6h"' }),
    chunk: duration({ min: 60_000 }).default(600_000).meta({ description: 'time range of one backfill query' }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.since === undefined) === (v.duration === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'set exactly one of "since" or "duration"' });
    }
  })
  .meta({ description: 'collect history, with the query budget the live lane leaves over' });

export const cloudflareConfigSchema = z
  .object({
    api_token: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'API token with Analytics:Read (and Zone:Read to discover zones); never logged' }),
    api_tokens: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta({ description: 'several API tokens, each with its own quota; zones are spread across them' }),
    api_email: z.string().min(1).optional().meta({ description: 'legacy auth: account e-mail (with api_key)' }),
    api_key: z.string().min(1).optional().meta({ description: 'legacy auth: global API key (with api_email)' }),
    endpoint: endpointUrl().default(DEFAULT_GRAPHQL_ENDPOINT).meta({ description: 'GraphQL Analytics endpoint' }),
    api_endpoint: endpointUrl()
      .optional()
      .meta({ description: 'REST API base (zone discovery, token check); derived from endpoint when omitted' }),
    zones: z.array(tag('zone')).default([]).meta({ description: 'zone tags to collect' }),
    accounts: z.array(tag('account')).default([]).meta({ description: 'account tags whose zones are discovered' }),
    zone_refresh: duration({ min: 60_000 })
      .default(3_600_000)
      .meta({ description: 'how often accounts are re-listed' }),
    datasets: z
      .array(z.enum(DATASET_IDS))
      .min(1)
      .default([...DEFAULT_DATASETS])
      .meta({ description: `metric groups to collect: ${DATASET_IDS.join(', ')}` }),
    poll_interval: duration({ min: 1_000 }).default(30_000).meta({ description: 'live lane period' }),
    rule_names: z
      .boolean()
      .default(true)
      .meta({ description: 'label firewall events with rule names (from the zone rulesets) instead of rule ids' }),
    status: z
      .array(z.enum(STATUS_SOURCES))
      .default([])
      .meta({ description: `account state read over REST as gauges: ${STATUS_SOURCES.join(', ')}` }),
    status_interval: duration({ min: 10_000 })
      .default(60_000)
      .meta({ description: 'how often the status sources are read' }),
    lookback: duration({ min: 60_000 })
      .default(600_000)
      .meta({ description: 'live lane range: [now - lookback, now]' }),
    backfill: backfillSchema.optional(),
    rate_limit: z
      .object({
        queries: z.int().min(1).default(300),
        per: duration({ min: 1_000 }).default(300_000),
      })
      .strict()
      .prefault({})
      .meta({ description: 'query budget shared by both lanes (Cloudflare: 300 per 5 minutes per user)' }),
    timeout: duration({ min: 1 }).default(30_000).meta({ description: 'timeout of one HTTP request' }),
    max_zones_per_query: z
      .int()
      .min(1)
      .max(10)
      .default(10)
      .meta({ description: 'zones per query (Cloudflare max 10)' }),
    limit: z.int().min(1).max(10_000).default(10_000).meta({ description: 'rows per zone per query (page size)' }),
    max_concurrency: z.int().min(1).max(16).default(4).meta({ description: 'queries in flight at once' }),
    skip_retry: duration({ min: 60_000 })
      .default(3_600_000)
      .meta({ description: 'how long a dataset stays skipped for a zone after a permission or plan error' }),
    ...selectionShape,
  })
  .strict()
  .superRefine((v, ctx) => {
    checkSelection(v, ctx);
    const legacy = v.api_email !== undefined || v.api_key !== undefined;
    if (v.api_tokens !== undefined) {
      if (v.api_token !== undefined || legacy) {
        ctx.addIssue({
          code: 'custom',
          path: ['api_tokens'],
          message: 'use either api_tokens or api_token (or api_email + api_key), not both',
        });
      }
    } else if (v.api_token === undefined && !legacy) {
      ctx.addIssue({
        code: 'custom',
        path: ['api_token'],
        message: 'api_token is required (e.g. api_token: ${env:CLOUDFLARE_API_TOKEN}), or api_email + api_key',
      });
    } else if (v.api_token !== undefined && legacy) {
      ctx.addIssue({
        code: 'custom',
        path: ['api_key'],
        message: 'use either api_token or api_email + api_key, not both',
      });
    } else if (legacy && (v.api_email === undefined || v.api_key === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [v.api_email === undefined ? 'api_email' : 'api_key'],
        message: 'legacy auth needs both api_email and api_key',
      });
    }
    if (v.zones.length === 0 && v.accounts.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['zones'], message: 'list zones, or accounts whose zones to discover' });
    }
    if (v.status.length > 0 && v.accounts.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['status'],
        message: 'status is read per account: list the account tag under accounts',
      });
    }
    v.datasets.forEach((id, i) => {
      if (v.accounts.length === 0 && DATASETS.find((d) => d.id === id)?.scope === 'account') {
        ctx.addIssue({
          code: 'custom',
          path: ['datasets', i],
          message: `${id} is an account dataset: list the account tag under accounts`,
        });
      }
    });
  });

export type CloudflareConfig = z.output<typeof cloudflareConfigSchema>;

/**
 * The REST base: as configured, else derived from the GraphQL endpoint on the same host: without its
 * `/graphql` suffix, or `<origin>/client/v4` for any other path. Credentials are only ever sent to hosts the
 * user named (a proxy at https://proxy.example/cf/gql must not send the token to api.cloudflare.com).
 */
export function restEndpoint(config: Pick<CloudflareConfig, 'endpoint' | 'api_endpoint'>): string {
  if (config.api_endpoint !== undefined) return config.api_endpoint.replace(/\/+$/, '');
  const url = new URL(config.endpoint);
  const path = url.pathname.replace(/\/+$/, '');
  const base = path.endsWith('/graphql') && url.search === '' ? path.slice(0, -'/graphql'.length) : '/client/v4';
  return `${url.protocol}//${url.host}${base}`;
}

/** Backfill start and the identity its checkpoint is stored under. */
export function backfillOrigin(
  config: Pick<CloudflareConfig, 'backfill'>,
  nowMs: number,
): { origin: string; startMs: number } | undefined {
  const b = config.backfill;
  if (b === undefined) return undefined;
  if (b.since !== undefined) {
    const startMs = Date.parse(b.since);
    return { origin: `since:${startMs}`, startMs };
  }
  const ms = b.duration ?? 0;
  return { origin: `duration:${ms}`, startMs: nowMs - ms };
}
