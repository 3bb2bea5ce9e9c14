import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { main } from '../src/main.js';
import { captureIo } from './capture-io.js';

const deploy = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'deploy');
const k8s = join(deploy, 'kubernetes');

/** A Kubernetes object as parsed; `get` walks it by a dotted path. */
type Doc = Record<string, unknown>;

function get(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Doc)[key] : undefined), value);
}

function manifests(): Doc[] {
  return readdirSync(k8s)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => {
      const docs = parseAllDocuments(readFileSync(join(k8s, f), 'utf8'));
      if (!Array.isArray(docs)) throw new Error(`${f}: empty`);
      for (const d of docs) expect(d.errors.map((e) => `${f}: ${e.message}`)).toEqual([]);
      return docs.map((d) => d.toJS() as Doc);
    });
}

const env = {
  POD_NAME: 'settle-1',
  CF_TOKEN_1: 'token-1',
  CF_TOKEN_2: 'token-2',
  CLOUDFLARE_ACCOUNT_ID: '0123456789abcdef0123456789abcdef',
};

describe('deploy/', () => {
  it('has Kubernetes manifests that parse: a StatefulSet with member from the pod name, a PVC each, /healthz', () => {
    const all = manifests();
    const byKind = new Map(all.map((d) => [String(d['kind']), d]));
    expect([...byKind.keys()].sort()).toEqual(['ConfigMap', 'Secret', 'Service', 'StatefulSet']);
    const sts = byKind.get('StatefulSet');
    const container = get(sts, 'spec.template.spec.containers.0');
    const env = get(container, 'env');
    expect(env).toContainEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    expect(env).toContainEqual({ name: 'SETTLE_MEMBERS', value: String(get(sts, 'spec.replicas')) });
    expect(get(container, 'livenessProbe.httpGet.path')).toBe('/healthz');
    expect(get(container, 'envFrom')).toEqual([{ secretRef: { name: get(byKind.get('Secret'), 'metadata.name') } }]);
    const data = get(sts, 'spec.volumeClaimTemplates.0.metadata.name');
    const settleYaml = String((get(byKind.get('ConfigMap'), 'data') as Doc)['settle.yaml']);
    const dataDir = /data_dir: (\S+)/.exec(settleYaml)?.[1];
    expect(get(container, 'volumeMounts')).toContainEqual({ name: data, mountPath: dataDir });
  });

  it('ships a settle config in the ConfigMap that passes settle validate, for every member', async () => {
    const configMap = manifests().find((d) => d['kind'] === 'ConfigMap');
    const file = join(mkdtempSync(join(tmpdir(), 'settle-deploy-')), 'settle.yaml');
    writeFileSync(file, String((get(configMap, 'data') as Doc)['settle.yaml']));
    for (const pod of ['settle-0', 'settle-1', 'settle-2']) {
      const io = captureIo({ ...env, POD_NAME: pod });
      expect(await main(['validate', '-c', file], io), io.err()).toBe(0);
    }
    const plan = captureIo(env);
    expect(await main(['plan', '-c', file, '--zones', '1000'], plan)).toBe(0);
    expect(plan.out()).toContain('cluster member 1 of 3 (replication 2)');
    const beyond = captureIo({ ...env, POD_NAME: 'settle-3' }); // scaled up without SETTLE_MEMBERS
    expect(await main(['validate', '-c', file], beyond)).toBe(1);
  });

  it('has a systemd unit that runs settle with a data directory', () => {
    const unit = readFileSync(join(deploy, 'systemd', 'settle.service'), 'utf8');
    const sections = [...unit.matchAll(/^\[(\w+)\]$/gm)].map((m) => m[1]);
    expect(sections).toEqual(['Unit', 'Service', 'Install']);
    expect(unit).toMatch(/^ExecStart=.*settle run -c \/etc\/settle\/settle\.yaml --data-dir \/var\/lib\/settle$/m);
    expect(unit).toMatch(/^StateDirectory=settle$/m);
  });
});
