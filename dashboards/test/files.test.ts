import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardQueries, generatedFiles, trafficDashboard } from '../src/index.js';

const dir = join(import.meta.dirname, '..');

describe('generated files', () => {
  it.each([...generatedFiles().keys()])('%s is up to date (pnpm --filter @settle/dashboards run generate)', (name) => {
    expect(readFileSync(join(dir, name), 'utf8')).toBe(generatedFiles().get(name));
  });

  it.each(['cloudflare.json', 'cloudflare-otlp.json', 'settle-health.json'])(
    '%s is a Grafana ≥ 10 dashboard on a datasource variable',
    (name) => {
      const d = JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
        schemaVersion: number;
        templating: { list: { name: string; type: string }[] };
        panels: {
          id: number;
          type: string;
          datasource?: { uid: string };
          targets?: { datasource: { uid: string } }[];
        }[];
      };
      expect(d.schemaVersion).toBeGreaterThanOrEqual(36);
      expect(d.templating.list[0]).toMatchObject({ name: 'datasource', type: 'datasource' });
      for (const p of d.panels.filter((x) => x.type !== 'row')) {
        expect(p.datasource?.uid).toBe('${datasource}');
        for (const t of p.targets ?? []) expect(t.datasource.uid).toBe('${datasource}');
      }
      const ids = d.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
    },
  );

  it('every per-minute traffic time series has a 1m minimum step and sums buckets instead of rating them', () => {
    for (const naming of ['import', 'otlp'] as const) {
      for (const { panel, query } of dashboardQueries(trafficDashboard(naming))) {
        expect(query.expr).not.toMatch(/\b(rate|irate|increase)\(/);
        if (panel.kind === 'timeseries') expect(panel.minInterval, panel.title).toBe('1m');
      }
    }
  });
});
