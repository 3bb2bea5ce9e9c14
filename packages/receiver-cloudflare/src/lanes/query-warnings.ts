import type { Clock, Logger } from '@settle/core';
import type { DatasetSpec } from '../datasets/types.js';
import type { ZoneInfo } from '../query/rows-to-points.js';
import type { SkipList } from './skip-list.js';

/**
 * How the runner reports what retrying cannot fix: a dataset a zone has no access to is skipped for a while;
 * refusals and truncated replies are warned about once per kind, then logged at debug level, so that what
 * recurs every poll does not flood the log.
 */
export class QueryWarnings {
  private readonly warned = new Set<string>();

  constructor(
    private readonly skips: SkipList,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  skip(spec: DatasetSpec, zone: ZoneInfo, message: string): void {
    const first = this.skips.add(spec.id, zone.tag, this.clock.now());
    const fields = { dataset: spec.id, zone: zone.name, error: message };
    if (first) this.logger.warn(fields, 'dataset not available for zone; skipping it for a while');
    else this.logger.debug(fields, 'dataset still not available for zone');
  }

  warnOnce(key: string, fields: Record<string, unknown>, message: string): void {
    if (this.warned.has(key)) {
      this.logger.debug(fields, message);
      return;
    }
    this.warned.add(key);
    this.logger.warn(fields, message);
  }
}
