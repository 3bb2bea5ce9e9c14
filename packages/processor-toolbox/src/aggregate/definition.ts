import { createProcessor, defineProcessor, permanentError } from '@settle/core';
import { compileAggregate } from './aggregate.js';
import { aggregateConfig } from './config.js';

/** Why aggregating converge's output is wrong; shown by the config check and the runtime refusal. */
const REFUSAL =
  'converge emits each series of a bucket when that series settles, so its batches hold partial buckets and ' +
  'aggregating them would count a bucket in pieces; put aggregate before converge';

/**
 * The `aggregate` processor: drops attributes and combines the points they told apart, bucket by bucket,
 * within each batch. Refuses batches holding partial buckets (converge's output): see README.
 */
export const aggregateProcessor = defineProcessor({
  type: 'aggregate',
  stability: 'alpha',
  description:
    'drops attributes and combines the points of each bucket they told apart (sum; last/min/max/sum for gauges)',
  config: aggregateConfig,
  pipeline: { refuses: { partial_buckets: REFUSAL } },
  create: (ctx, config, next) => {
    const aggregate = compileAggregate(config);
    return createProcessor(ctx, next, {
      process: (batch) => {
        if (batch.meta?.partialBuckets === true) {
          throw permanentError('aggregate_partial_buckets', `aggregate "${ctx.id}": ${REFUSAL}`);
        }
        return aggregate(batch);
      },
    });
  },
});
