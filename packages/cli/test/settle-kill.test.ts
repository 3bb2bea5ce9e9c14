import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { MISSING_VM_MESSAGE, VictoriaMetricsProcess, victoriaMetricsBinary } from '@settle/exporter-vm/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordingProxy } from './support/recording-proxy.js';

const HAVE_VM = victoriaMetricsBinary() !== undefined;
if (!HAVE_VM) console.warn(MISSING_VM_MESSAGE);
const SCRIPT = fileURLToPath(new URL('./support/converge-pipeline.mjs', import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL('../../processor-converge/dist/src/index.js', import.meta.url)));
if (!BUILT) console.warn('SKIPPING the settle kill tests: the workspace is not built (run `pnpm build` first)');

const SERIES = 10;
const BUCKETS = 120;
const KILLS = 20;

describe.skipIf(!HAVE_VM || !BUILT)(
  'settle SIGKILLed during pushes: converge → persistent queue → VictoriaMetrics',
  () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    }, 60_000);

    /** VictoriaMetrics behind a recording proxy, and a data directory for settle. */
    async function rig() {
      const vm = new VictoriaMetricsProcess();
      cleanups.push(() => vm.cleanup());
      await vm.start();
      const proxy = new RecordingProxy(vm.url);
      await proxy.start();
      cleanups.push(() => proxy.stop());
      const dataDir = await mkdtemp(join(tmpdir(), 'settle-kill-'));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      const base = Math.floor(Date.now() / 1000) * 1000 - 5 * 60_000;
      return { proxy, dataDir, base };
    }

    it(`${KILLS} kills at random moments, half between the backend's ack and settle reading it: 0 lost, 0 re-pushed`, async () => {
      const { proxy, dataDir, base } = await rig();
      const args = [proxy.url, dataDir, String(base), String(SERIES), String(BUCKETS), '20'];
      let held = 0;
      for (let kill = 0; kill < KILLS; kill++) {
        const child = pipeline(args);
        await child.polled(1 + Math.floor(Math.random() * 10));
        if (kill % 2 === 0) {
          // Kill while the proxy holds VictoriaMetrics' 204: the backend has the request, settle never reads it.
          const holding = proxy.holdNextReply(2_000);
          if (await Promise.race([holding.then(() => true), delay(5_000).then(() => false)])) held++;
        } else {
          await delay(Math.random() * 400);
        }
        process.kill(child.pid, 'SIGKILL');
        await child.exited;
      }
      const last = pipeline([...args, 'graceful']);
      expect(await last.done).toBe(true);
      const { lost, rePushed, resent } = tally(proxy, base, BUCKETS);
      const orphans = proxy.requests.filter((r) => r.orphaned).length;
      console.log(
        `settle kills: ${KILLS} (${held} between ack and read); points lost: ${lost.length}; re-pushed: ${rePushed}; ` +
          `re-sent because settle never read the ack: ${resent} (${orphans} requests)`,
      );
      expect(lost).toEqual([]);
      expect(rePushed).toBe(0);
      expect(held).toBeGreaterThanOrEqual(KILLS / 2 - 2);
    }, 150_000);

    it('a crash loop (SIGKILL every 20 s, three times) loses nothing and re-pushes nothing', async () => {
      const { proxy, dataDir, base } = await rig();
      const buckets = 200;
      // A poll every 100 ms: a run needs longer than 20 s for all buckets, so every kill lands mid-stream.
      const args = [proxy.url, dataDir, String(base), String(SERIES), String(buckets)];
      for (let kill = 0; kill < 3; kill++) {
        const child = pipeline([...args, '100']);
        await delay(20_000);
        process.kill(child.pid, 'SIGKILL');
        await child.exited;
      }
      const last = pipeline([...args, '0', 'graceful']);
      expect(await last.done).toBe(true);
      const { lost, rePushed, resent } = tally(proxy, base, buckets);
      console.log(
        `crash loop: 3 kills; points lost: ${lost.length}; re-pushed: ${rePushed}; re-sent (unread ack): ${resent}`,
      );
      expect(lost).toEqual([]);
      expect(rePushed).toBe(0);
    }, 150_000);
  },
);

/**
 * What the proxy saw against what the source produced: buckets never received with their final value, and
 * copies beyond the first. A copy is explained (re-sent, not re-pushed) when settle was killed before it
 * read the backend's answer to a request holding that point: the persistent queue sends that request again.
 */
function tally(proxy: RecordingProxy, base: number, buckets: number) {
  const received = new Map<string, number>();
  for (const r of proxy.requests) for (const s of r.samples) received.set(s, (received.get(s) ?? 0) + 1);
  const orphaned = new Map<string, number>();
  for (const r of proxy.requests.filter((x) => x.orphaned))
    for (const s of r.samples) orphaned.set(s, (orphaned.get(s) ?? 0) + 1);
  const lost: string[] = [];
  for (let b = 0; b < buckets; b++) {
    for (let s = 0; s < SERIES; s++) {
      const labels = JSON.stringify({ __name__: 'crash_requests', job: 'crash', series: `s${s}` });
      const key = `${labels}@${base + b * 1000}=${b * 100 + s}`;
      if (!received.has(key)) lost.push(key);
    }
  }
  let rePushed = 0;
  let resent = 0;
  const rePushedKeys: string[] = [];
  for (const [key, n] of received) {
    const explained = Math.min(n - 1, orphaned.get(key) ?? 0);
    resent += explained;
    rePushed += n - 1 - explained;
    if (n - 1 > explained && rePushedKeys.length < 20) rePushedKeys.push(key);
  }
  // Which points came twice, and in which requests (index in arrival order), to tell a failure's cause.
  if (rePushedKeys.length > 0) {
    const where = rePushedKeys.map(
      (k) => `${k} in requests ${proxy.requests.flatMap((r, i) => (r.samples.includes(k) ? [i] : [])).join(',')}`,
    );
    console.log(`re-pushed (first ${where.length}):\n${where.join('\n')}`);
  }
  return { lost, rePushed, resent };
}

/** The pipeline in a child Node process, on the built packages. */
function pipeline(args: string[]) {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let progress = 0;
  const waiters: { k: number; resolve: () => void }[] = [];
  let finished: (ok: boolean) => void = () => undefined;
  const done = new Promise<boolean>((resolve) => (finished = resolve));
  void exited.then(() => {
    finished(false);
    for (const w of waiters) w.resolve();
  });
  createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
    if (line === 'done') finished(true);
    const k = Number(/^polled (\d+)$/.exec(line)?.[1] ?? Number.NaN);
    if (!Number.isNaN(k)) progress = k;
    for (const w of waiters.filter((x) => x.k <= progress)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  return {
    pid: child.pid ?? 0,
    exited,
    done,
    polled: (k: number) => new Promise<void>((resolve) => (progress >= k ? resolve() : waiters.push({ k, resolve }))),
  };
}
