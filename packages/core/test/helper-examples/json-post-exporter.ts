// README example (core README "Writing components with the helpers"): an HTTP exporter.
import {
  createDeliveryExporter,
  defineExporter,
  deliveryConfigShape,
  permanentError,
  retryableError,
} from '../../src/index.js';
import { z } from 'zod';

export const jsonPostExporter = defineExporter({
  type: 'json_post',
  stability: 'alpha',
  config: z.object({ endpoint: z.url(), ...deliveryConfigShape }).strict(),
  create: (ctx, config) =>
    createDeliveryExporter(ctx, config, {
      async send(batch, signal) {
        const body = JSON.stringify(batch);
        const res = await fetch(config.endpoint, { method: 'POST', body, signal });
        if (res.status === 429 || res.status >= 500) throw retryableError(`http_${res.status}`, `HTTP ${res.status}`);
        if (!res.ok) throw permanentError(`http_${res.status}`, `HTTP ${res.status}`);
        return undefined;
      },
    }),
});
