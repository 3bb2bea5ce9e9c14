import { runConformance } from '@settle/core/testing';
import { describe, expect, it } from 'vitest';
import plugin, { DATASETS, cloudflareReceiver, mappingTable } from '../src/index.js';
import { readFile } from 'node:fs/promises';

// Port 9 (discard) refuses connections on 127.0.0.1: start must neither hang nor report a fatal error.
runConformance(cloudflareReceiver, {
  validConfig: {
    api_token: 't',
    zones: ['0123456789abcdef0123456789abcdef'],
    endpoint: 'http://127.0.0.1:9/client/v4/graphql',
  },
});

describe('package surface', () => {
  it('default-exports the list of its definitions', () => {
    expect(plugin).toEqual([cloudflareReceiver]);
    expect(cloudflareReceiver.type).toBe('cloudflare');
  });

  it('documents every metric of the mapping table in the README', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    for (const row of mappingTable()) {
      expect(readme, row.metric).toContain(`\`${row.metric}\``);
    }
    for (const d of DATASETS) expect(readme, d.id).toContain(`\`${d.id}\``);
  });
});
