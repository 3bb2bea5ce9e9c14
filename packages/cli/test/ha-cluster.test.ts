import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startSimulatorServer, type SimulatorServer } from '@settle/cloudflare-sim';
import { acceleratedClock, owners } from '@settle/core';
import {
  MISSING_VM112_MESSAGE,
  VictoriaMetricsProcess,
  freePort,
  victoriaMetrics112Binary,
} from '@settle/exporter-vm/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { finalValues } from '../src/demo/final-values.js';
import { pointKey } from '../src/demo/output-tail.js';
import { RecordingProxy } from './support/recording-proxy.js';

// VictoriaMetrics ≥ 1.85 (1.112 here): its dedup keeps the largest of equal-timestamp samples, so converge's
// rare revisions (a bucket pushed again with its final value) resolve to the final value. 1.79 (Debian
// bookworm's) keeps an arbitrary one, which would make this check depend on which revision it happened to keep.
const VM_BINARY = victoriaMetrics112Binary();
const HAVE_VM = VM_BINARY !== undefined;
if (!HAVE_VM) console.warn(`SKIPPING the HA cluster test: ${MISSING_VM112_MESSAGE}`);
const SCRIPT = fileURLToPath(new URL('./support/ha-member.mjs', import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL('../dist/src/registry.js', import.meta.url)));
if (!BUILT) console.warn('SKIPPING the HA cluster test: the workspace is not built (run `pnpm build` first)');

const MEMBERS = 3;
const REPLICATION = 2;
const ZONES = 60;
const SPEED = 30; // 30 virtual minutes in a minute of wall time
const MIN = 60_000;
const METRIC = 'cloudflare_zone_requests_total';
const tokensOf = (member: number): string[] => [`m${member}-a`, `m${member}-b`];

function memberConfig(member: number, sim: SimulatorServer, vmUrl: string, dataDir: string, telemetry: number): string {
  return `receivers:
  cloudflare:
    endpoint: ${sim.graphqlUrl}
    api_tokens: [${tokensOf(member).join(', ')}]
    accounts: ['${sim.simulator.accountTag}']
    datasets: [http_requests]
    poll_interval: 30s
    lookback: 10m
processors:
  converge: {}
exporters:
  victoriametrics:
    endpoint: ${vmUrl}
    sending_queue: { storage: true }
service:
  data_dir: ${dataDir}
  cluster: { members: ${MEMBERS}, member: ${member}, replication: ${REPLICATION} }
  telemetry:
    metrics:
      address: 127.0.0.1:${telemetry}
  pipelines:
    metrics:
      receivers: [cloudflare]
      processors: [converge]
      exporters: [victoriametrics]
`;
}

/** A member in a child process; `running` resolves once its service has started. */
function startMember(file: string, base: number, anchor: number) {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT, file, String(base), String(anchor), String(SPEED)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let alive = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => (alive = false));
  const running = new Promise<boolean>((resolve) => {
    createInterface({ input: child.stdout ?? process.stdin }).on('line', (l) => l === 'running' && resolve(true));
    void exited.then(() => resolve(false));
  });
  /** Signals the child by its PID unless it has already exited; resolves once it has. */
  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    if (alive) child.kill(signal);
    await exited;
  };
  return { exited, running, kill };
}

describe.skipIf(!HAVE_VM || !BUILT)('3 settle members (replication 2) → one VictoriaMetrics with dedup', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  }, 60_000);

  it('one member SIGKILLed for 14 virtual minutes (longer than its lookback): every bucket once, final, each zone on exactly 2 members', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'settle-ha-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const vm = new VictoriaMetricsProcess({ binary: VM_BINARY! });
    cleanups.push(() => vm.cleanup());
    await vm.start();
    // Virtual time starts 40 minutes ago (VictoriaMetrics takes no future points) on a whole minute.
    const anchor = Date.now();
    const base = Math.floor((anchor - 40 * MIN) / MIN) * MIN;
    const clock = acceleratedClock(SPEED, base + Math.floor((Date.now() - anchor) * SPEED));
    const tokens = Array.from({ length: MEMBERS }, (_, m) => tokensOf(m)).flat();
    const sim = await startSimulatorServer({ zones: ZONES, tokens, clock });
    cleanups.push(() => sim.close());
    // Each member pushes through its own recording proxy: what every replica said last about each bucket.
    const proxies: RecordingProxy[] = [];
    const files: string[] = [];
    for (let m = 0; m < MEMBERS; m++) {
      const proxy = new RecordingProxy(vm.url);
      await proxy.start();
      cleanups.push(() => proxy.stop());
      proxies.push(proxy);
      const file = join(dir, `member-${m}.yaml`);
      await writeFile(file, memberConfig(m, sim, proxy.url, join(dir, `data-${m}`), await freePort()));
      files.push(file);
    }
    const members = files.map((f) => startMember(f, base, anchor));
    cleanups.push(async () => {
      for (const m of members) await m.kill('SIGKILL');
    });
    expect(await Promise.all(members.map((m) => m.running))).toEqual([true, true, true]);
    const until = (virtualMs: number): Promise<void> => delay(Math.max(0, base + virtualMs - clock.now()) / SPEED);

    await until(3 * MIN);
    await members[1]!.kill('SIGKILL');
    await until(17 * MIN);
    const atRestart = sim.simulator.stats().byToken;
    members[1] = startMember(files[1]!, base, anchor);
    expect(await members[1].running).toBe(true);
    // Past 17 + 15 minutes: the restarted member has pushed or dropped everything it restored as stale.
    await until(34 * MIN);
    await Promise.all(members.map((m) => m.kill('SIGTERM')));

    const stats = sim.simulator.stats();
    // The restarted member polled again with its own tokens.
    for (const t of tokensOf(1)) expect(stats.byToken[t] ?? 0).toBeGreaterThan(atRestart[t] ?? 0);
    // Each zone asked for by exactly its 2 owners (member i uses only its own tokens), no token over quota.
    expect(stats.rateLimited).toBe(0);
    expect(stats.authFailures).toBe(0);
    for (const zone of sim.simulator.zones) {
      const askers = Object.keys(stats.byZoneToken[zone.tag] ?? {}).map((t) => Number(/^m(\d+)-/.exec(t)?.[1]));
      expect([...new Set(askers)].sort(), zone.name).toEqual(owners(zone.tag, MEMBERS, REPLICATION).sort());
    }

    // Buckets that settled well before the end (every settling model settles within 11 minutes), from the start.
    const from = base;
    const to = base + 14 * MIN;
    const truth = await finalValues(1, ZONES, 'default', ['http_requests'], from, to);
    await vm.forceFlush();
    const exported = await vm.export(`{__name__="${METRIC}"}`);
    const seen = new Map<string, number[]>();
    for (const s of exported) {
      const { __name__: name, ...labels } = s.metric;
      for (const [i, t] of s.timestamps.entries()) {
        const key = pointKey(name ?? '', labels, t);
        seen.set(key, [...(seen.get(key) ?? []), s.values[i] ?? Number.NaN]);
      }
    }
    const expected = [...truth].filter(([k]) => k.startsWith(`${METRIC}{`));
    const missing = expected.filter(([k]) => !seen.has(k)).map(([k]) => k);
    const duplicated = expected.filter(([k]) => (seen.get(k)?.length ?? 0) > 1).map(([k]) => k);
    const wrong = expected
      .filter(([k, v]) => seen.has(k) && seen.get(k)?.[0] !== v)
      .map(([k, v]) => `${k} (minute ${(Number(k.split('@').pop()) - base) / MIN}): ${v} ≠ ${String(seen.get(k))}`);
    // Each replica's last word on every bucket it pushed is the final value (VictoriaMetrics' dedup keeping
    // the largest could hide a replica's stale push of a smaller count; this cannot).
    const lastWords = proxies.map((p) => lastPushed(p));
    const staleLastWord = lastWords.flatMap((words, m) =>
      expected
        .filter(([k, v]) => words.has(k) && words.get(k) !== v)
        .map(([k, v]) => `member ${m} ${k}: ${v} ≠ ${words.get(k)}`),
    );
    const byTwo = expected.filter(([k]) => lastWords.filter((w) => w.has(k)).length === REPLICATION).length;
    console.log(
      `HA failover: pushed by both owners ${byTwo} of ${expected.length}, a replica's last push not final ` +
        `${staleLastWord.length}; after dedup: buckets expected ${expected.length}, present ${expected.length - missing.length}, ` +
        `duplicated after dedup ${duplicated.length}, wrong value ${wrong.length}; queries ${stats.queries}, ` +
        `per token ${JSON.stringify(stats.byToken)}`,
    );
    // Nothing else in the window either: no series differing by a label per member, no extra sample.
    const samples = exported.flatMap((x) => x.timestamps).filter((t) => t >= from && t < to).length;
    expect(expected.length).toBe(ZONES * 14);
    expect(samples).toBe(expected.length);
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(wrong).toEqual([]);
    expect(staleLastWord).toEqual([]);
  }, 180_000);
});

/** The last value a proxy forwarded per bucket (`pointKey`), in request order. */
function lastPushed(proxy: RecordingProxy): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of proxy.requests) {
    for (const sample of r.samples) {
      const at = sample.lastIndexOf('@');
      const eq = sample.indexOf('=', at);
      const { __name__: name, ...labels } = JSON.parse(sample.slice(0, at)) as Record<string, string>;
      out.set(pointKey(name ?? '', labels, Number(sample.slice(at + 1, eq))), Number(sample.slice(eq + 1)));
    }
  }
  return out;
}
