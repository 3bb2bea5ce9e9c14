import { runConformance } from '@settle/core/testing';
import { expect, it } from 'vitest';
import plugin, { otlpExporter } from './index.js';

it('exports the plugin list as default', () => {
  expect(plugin).toEqual([otlpExporter]);
});

// The default config must be valid and the lifecycle must hold without any receiver reachable.
runConformance(otlpExporter);
runConformance(otlpExporter, { validConfig: { temporality: 'cumulative', endpoint: 'http://127.0.0.1:1' } });
runConformance(otlpExporter, { validConfig: { protocol: 'grpc', endpoint: 'http://127.0.0.1:1' } });
