import { runConformance } from '@settle/core/testing';
import { describe, expect, it } from 'vitest';
import { vmConfigSchema } from './config.js';
import plugins, { victoriaMetricsExporter } from './index.js';

runConformance(victoriaMetricsExporter);

describe('victoriametrics config', () => {
  it('is the package default export', () => {
    expect(plugins).toEqual([victoriaMetricsExporter]);
  });

  it('has the documented defaults', () => {
    const c = vmConfigSchema.parse({});
    expect(c).toMatchObject({
      endpoint: 'http://127.0.0.1:8428',
      format: 'import',
      timestamp: 'start',
      max_age: 30 * 86_400_000,
      compression: 'gzip',
      extra_labels: {},
      tls: { insecure_skip_verify: false },
      timeout: 10_000,
      resend_window: 15_000,
      probe_path: '/metrics',
      sending_queue: { enabled: true, queue_size: 10_000, storage: false, full_policy: 'block' },
      batch: { max_points: 10_000, max_bytes: 8 * 1024 * 1024, flush_interval: 1_000 },
    });
  });

  it.each([
    [{ endpoint: 'ftp://x' }, 'endpoint', 'http:// or https://'],
    [
      { basic_auth: { username: 'u', password: 'p' }, bearer_token: 't' },
      'bearer_token',
      'either basic_auth or bearer_token',
    ],
    [{ extra_labels: { 'bad-name': 'x' } }, 'extra_labels', 'label name "bad-name" must match'],
    [{ max_age: '30' }, 'max_age', 'invalid duration'],
  ])('rejects %j with a message that says where', (input, path, message) => {
    const issues = vmConfigSchema.safeParse(input).error?.issues ?? [];
    expect(issues.map((i) => [String(i.path[0]), i.message])).toEqual([[path, expect.stringContaining(message)]]);
  });
});
