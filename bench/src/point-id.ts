import { seriesKey, type Attributes } from '@settle/core';

/**
 * Identity of one series across strategies: metric name and labels. The `account` label is left out because
 * the receiver learns it from the REST API while the bench's own pollers do not; every other label (zone,
 * status, country...) is part of the identity. With the bucket start it names a point (`PointIds`).
 */
export function seriesIdentity(metric: string, attributes: Attributes): string {
  const { account: _account, ...rest } = attributes;
  return seriesKey(metric, rest);
}
