import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createBuiltinRegistry } from '@settle/cli';
import { Service, acceleratedClock, createLogger, loadConfigFile } from '@settle/core';
import type { MemberMessage, MemberSample } from './scale-types.js';

// The measured process of the scale bench: settle as `settle run` runs it (config loader, the CLI's bundled
// plugins, the service runtime) on an accelerated clock shared with the simulator's process, and nothing else,
// so its CPU and memory are settle's. Forked by scale-run.ts: node scale-member.js <config> <baseMs> <anchorMs>
// <speed>. Answers "sample" with its own CPU, memory and event-loop delay; "mark" restarts the event-loop
// histogram (the measured window starts after warm-up); SIGTERM shuts down gracefully.

const [file, baseArg, anchorArg, speedArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: scale-member config baseMs anchorMs speed');
const speed = Number(speedArg);
const send = (m: MemberMessage): void => void process.send?.(m);
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

const registry = await createBuiltinRegistry((m) => process.stderr.write(`${m}\n`));
const config = await loadConfigFile(file, { registry, env: process.env });
const logger = createLogger({ level: 'warn', pretty: false });
const clock = acceleratedClock(speed, Number(baseArg) + Math.floor((Date.now() - Number(anchorArg)) * speed));
const service = await Service.create(config, { logger, clock });
process.once('SIGTERM', () => void service.shutdown());
// The bench went away: no orphan left polling.
process.on('disconnect', () => void service.shutdown());
process.on('message', (m) => {
  if (m === 'mark') loop.reset();
  if (m === 'sample') send({ type: 'sample', sample: sample() });
});
await service.start();
send({ type: 'running' });
const exit = await service.done;
send({ type: 'stopped', reason: exit.reason, sample: sample() });
process.disconnect();
// Exit as `settle run` does (process.exit after shutdown): a handle left open would keep the process until the
// bench kills it, and a killed process writes no `--cpu-prof` profile.
process.exitCode = 0;
setImmediate(() => process.exit());

function sample(): MemberSample {
  // With SCALE_MEMBER_ARGS=--expose-gc, memory is read after a full collection: live memory, not the garbage
  // V8 lets accumulate until its next major GC (heap used runs ~4x the live heap at scale without it).
  (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    virtualMs: clock.now(),
    cpuUs: cpu.user + cpu.system,
    rssMiB: memory.rss / 2 ** 20,
    heapMiB: memory.heapUsed / 2 ** 20,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    loopMaxMs: loop.max / 1e6,
    loopP99Ms: loop.percentile(99) / 1e6,
  };
}
