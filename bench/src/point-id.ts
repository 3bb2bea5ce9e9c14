import { seriesKey, type Attributes } from '@settle/core';

/**
 * Identity of one per-minute point across strategies: metric name, labels, bucket start. The `account` label
 * is left out because the receiver learns it from the REST API while the bench's own pollers do not; every
 * other label (zone, status, country...) is part of the identity.
 */
export function pointId(metric: string, attributes: Attributes, startMs: number): string {
  return `${startMs}|${seriesIdentity(metric, attributes)}`;
}

/** The series part of a point id. */
export function seriesIdentity(metric: string, attributes: Attributes): string {
  const { account: _account, ...rest } = attributes;
  return seriesKey(metric, rest);
}

/** The bucket start encoded in a point id. */
export function bucketOfId(id: string): number {
  return Number(id.slice(0, id.indexOf('|')));
}

/** The metric name encoded in a point id. */
export function metricOfId(id: string): string {
  const rest = id.slice(id.indexOf('|') + 1);
  return JSON.parse(rest.slice(0, rest.indexOf('{'))) as string;
}
