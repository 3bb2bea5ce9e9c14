import { acceleratedClock, startSimulatorServer } from '@settle/cloudflare-sim';
import type { SoakSimMessage, SoakSimPlan } from './soak-plan.js';

// The simulator of the soak and scale benches, in a process of its own so they measure settle's memory, CPU and
// handles, not the simulator's (its generation cache grows with every minute served). Forked by soak.ts with the plan as its
// argument; fires the scripted fault bursts on the shared accelerated clock; on "stop", sends its counters and
// exits.

const plan = JSON.parse(process.argv[2] ?? '{}') as SoakSimPlan;
const send = (m: SoakSimMessage): void => void process.send?.(m);
const clock = acceleratedClock(plan.speed, plan.startMs + (Date.now() - plan.wallStartMs) * plan.speed);
const server = await startSimulatorServer({
  seed: plan.seed,
  zones: plan.zones,
  settling: plan.settling,
  tokens: [plan.token],
  clock,
  errorRate: plan.errorRate,
  quota: plan.quota,
  ...(plan.restQuota === undefined ? {} : { restQuota: plan.restQuota }),
  ...(plan.cacheSize === undefined ? {} : { cacheSize: plan.cacheSize }),
  slowReplies: plan.slowReplies,
});
let fired = 0;
const bursts = setInterval(() => {
  for (; fired < plan.bursts.length && plan.bursts[fired]!.atMs <= clock.now(); fired++) {
    const b = plan.bursts[fired]!;
    server.simulator.injectFaults(b.kind, b.count);
  }
}, 20);
// The soak crashed or was interrupted: no simulator left behind.
process.on('disconnect', () => process.exit(0));
process.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(bursts);
  const cpu = process.cpuUsage();
  send({
    type: 'stats',
    stats: { ...server.simulator.stats() },
    burstsFired: fired,
    cpuUs: cpu.user + cpu.system,
    maxRssKiB: process.resourceUsage().maxRSS,
  });
  void server.close().then(() => process.exit(0));
});
send({ type: 'ready', graphqlUrl: server.graphqlUrl, accountTag: server.simulator.accountTag });
