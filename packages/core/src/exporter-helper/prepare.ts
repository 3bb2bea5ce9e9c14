import type { Batch } from '../model/types.js';
import { mergeBatches, splitByPoints, splitBySize } from './batch-split.js';
import type { BatchConfig } from './config.js';
import type { BatchSender } from './types.js';

/** Turns queued batches into requests: merged where the resource allows, split by points, then by bytes. */
export function prepareRequests(batches: readonly Batch[], config: BatchConfig, sender: BatchSender): Batch[] {
  const byPoints = mergeBatches(batches).flatMap((b) => splitByPoints(b, config.max_points));
  const sizeOf = sender.sizeOf?.bind(sender);
  if (sizeOf === undefined) return byPoints;
  return byPoints.flatMap((b) => splitBySize(b, config.max_bytes, sizeOf));
}
