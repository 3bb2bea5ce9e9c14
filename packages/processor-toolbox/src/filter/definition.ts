import { createProcessor, defineProcessor } from '@settle/core';
import { FilteredCounter } from '../telemetry.js';
import { compileFilter } from './compile.js';
import { filterConfig } from './config.js';

/** The `filter` processor: keeps or drops metrics by name and points by attribute values. */
export const filterProcessor = defineProcessor({
  type: 'filter',
  stability: 'alpha',
  description: 'keeps or drops metrics by name (exact, glob, regex) and points by attribute values',
  config: filterConfig,
  create: (ctx, config, next) => {
    const filter = compileFilter(config);
    const filtered = new FilteredCounter(ctx.meter, ctx.id);
    return createProcessor(ctx, next, {
      process: (batch) => {
        const result = filter(batch);
        filtered.add(result.notIncluded, 'not_included');
        filtered.add(result.excluded, 'excluded');
        return result.batch;
      },
    });
  },
});
