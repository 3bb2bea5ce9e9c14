import { cloudflareReceiver } from './definition.js';

export { cloudflareReceiver };
export { CloudflareReceiver } from './receiver.js';
export type { ReceiverOptions } from './receiver.js';
export { DEFAULT_API_ENDPOINT, DEFAULT_GRAPHQL_ENDPOINT, cloudflareConfigSchema, restEndpoint } from './config.js';
export type { CloudflareConfig } from './config.js';

export { DATASETS, DATASET_IDS, DEFAULT_DATASETS, datasetById, mappingTable } from './datasets/catalog.js';
export type { MappingRow } from './datasets/catalog.js';
export type { DatasetSpec, LabelSource, MetricSpec } from './datasets/types.js';
export { regionOf } from './datasets/country-region.js';

export { buildZoneQuery, toRfc3339 } from './query/build-query.js';
export type { GraphqlRequest, ZoneQueryParams } from './query/build-query.js';
export { parseGraphqlReply } from './query/parse-reply.js';
export type { ParsedReply } from './query/parse-reply.js';
export { PointCollector } from './query/rows-to-points.js';
export type { ZoneInfo } from './query/rows-to-points.js';
export { queryZonesOnce } from './query/query-zones-once.js';
export type { ZoneQueryTarget } from './query/query-zones-once.js';

export { CLOUDFLARE_STATUSES, classifyMessage, classifyStatus } from './client/classify.js';
export type { Classification, ErrorClass } from './client/classify.js';

export { RateLimiter } from './limiter/rate-limiter.js';
export type { Lane, RateLimiterOptions } from './limiter/rate-limiter.js';
export { liveWindow, nextChunk, queriesPerPoll, sustainableInterval } from './lanes/schedule.js';

/** The package's components, for the settle registry and plugin loading. */
export default [cloudflareReceiver];

export { planQuota } from './plan/quota-plan.js';
export type { BackfillPlan, QuotaInputs, QuotaPlan } from './plan/quota-plan.js';
export { planReceiver } from './plan/receiver-plan.js';
export type { ReceiverPlan, ReceiverPlanOptions } from './plan/receiver-plan.js';
export { spreadZones } from './credentials/spread-zones.js';
export { STATUS_METRICS } from './status/status-metrics.js';
export type { StatusMetric } from './status/status-metrics.js';
export { STATUS_SOURCES } from './status/status-poller.js';
export type { StatusSource } from './status/status-poller.js';
