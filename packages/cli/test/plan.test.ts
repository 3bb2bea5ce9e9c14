import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { captureIo } from './capture-io.js';

const tags = (n: number, prefix: string): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${i.toString(16).padStart(32 - prefix.length, '0')}`);

function configFile(receiver: string, service = ''): string {
  const file = join(mkdtempSync(join(tmpdir(), 'settle-plan-')), 'settle.yaml');
  writeFileSync(
    file,
    `receivers:\n  cloudflare:\n${receiver}\nexporters:\n  victoriametrics: { endpoint: "http://127.0.0.1:8428" }\n` +
      `service:\n${service}  pipelines:\n    metrics: { receivers: [cloudflare], exporters: [victoriametrics] }\n`,
  );
  return file;
}

describe('settle plan', () => {
  it('prints queries per window per credential, the quota and whether it fits', async () => {
    const file = configFile(
      `    api_token: t\n    zones: [${tags(25, 'a').join(', ')}]\n    datasets: [http_requests, firewall_events]\n`,
    );
    const io = captureIo();
    expect(await main(['plan', '-c', file], io)).toBe(0);
    expect(io.out()).toContain('receiver cloudflare: 25 zones × 2 datasets (http_requests, firewall_events)');
    expect(io.out()).toContain('quota 300 queries per 5m per credential, 1 credential');
    expect(io.out()).toContain('credential 1: 25 zones, 6 queries per poll, 60 per 5m: fits (20 % of the quota)');
  });

  it('estimates discovered zones with --zones and says what would fit', async () => {
    const file = configFile(
      `    api_token: t\n    accounts: [${tags(1, 'b').join(', ')}]\n    datasets: [http_requests, firewall_events, colocation]\n    backfill: { duration: 6h }\n`,
    );
    const bare = captureIo();
    expect(await main(['plan', '-c', file], bare)).toBe(0);
    expect(bare.out()).toContain('zones discovered at run time (pass --zones N to estimate them)');

    const io = captureIo();
    expect(await main(['plan', '-c', file, '--zones', '280'], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('280 zones (0 listed + 280 estimated; accounts are discovered at run time)');
    // 28 groups × 3 datasets = 84 queries per poll, 840 per 5 min at 30 s: stretched to use 90 % of 300.
    expect(out).toContain('84 queries per poll, 840 per 5m: over quota; polls every 1m34s instead (270 per 5m)');
    expect(out).toMatch(/backfill 5h(49|50)m of history: 2,940 queries, 30 spare per 5m → about 8h10m/);
    expect(out).toContain('to keep poll_interval 30s: 3 credentials in all');
    expect(await main(['plan', '-c', file, '--zones', 'many'], captureIo())).toBe(2);
  });
});

describe('service.cluster', () => {
  const receiver = `    api_token: t\n    zones: [${tags(60, 'c').join(', ')}]\n    datasets: [http_requests, firewall_events]\n`;
  const cluster = '  cluster: { members: 3, member: "${env:POD_NAME}", replication: 2 }\n';

  it("takes member from a StatefulSet pod name and plans that member's share", async () => {
    const file = configFile(receiver, cluster);
    const ok = captureIo({ POD_NAME: 'settle-2' });
    expect(await main(['validate', '-c', file], ok)).toBe(0);
    const io = captureIo({ POD_NAME: 'settle-2' });
    expect(await main(['plan', '-c', file], io)).toBe(0);
    expect(io.out()).toContain(
      "cluster member 2 of 3 (replication 2): this member's share of 60 zones; each zone is collected by 2 members",
    );
    const share = /receiver cloudflare: (\d+) zones/.exec(io.out())?.[1];
    expect(Number(share)).toBeGreaterThan(30);
    expect(Number(share)).toBeLessThan(50); // about 60 × 2 / 3
  });

  it('says what is wrong with a member out of range or not a number', async () => {
    const file = configFile(receiver, cluster);
    const far = captureIo({ POD_NAME: 'settle-3' });
    expect(await main(['validate', '-c', file], far)).toBe(1);
    expect(far.err()).toContain('service.cluster.member  member 3 is out of range: with members 3, use 0 … 2');
    const word = captureIo({ POD_NAME: 'settle' });
    expect(await main(['validate', '-c', file], word)).toBe(1);
    expect(word.err()).toContain(
      'member must be a number from 0, or a pod name ending in one (settle-2), not "settle"',
    );
    const many = captureIo({ POD_NAME: '0' });
    const replicas = configFile(receiver, '  cluster: { members: 2, member: 0, replication: 3 }\n');
    expect(await main(['validate', '-c', replicas], many)).toBe(1);
    expect(many.err()).toContain('replication 3 is more than the 2 members');
  });
});
