import type { Consumer } from '../component/types.js';
import type { Batch } from '../model/types.js';

/**
 * Hands the same batch to every consumer at once (batches are immutable, so no cloning) and settles when all
 * have. Rejects with the first failure once every branch settled, so a failing pipeline neither hides the
 * error nor cuts the others short.
 */
export function fanoutConsumer(consumers: readonly Consumer[]): Consumer {
  const [only] = consumers;
  if (consumers.length === 1 && only !== undefined) return only;
  return {
    async consume(batch: Batch): Promise<void> {
      const results = await Promise.allSettled(consumers.map((c) => c.consume(batch)));
      for (const r of results) if (r.status === 'rejected') throw r.reason;
    },
  };
}
