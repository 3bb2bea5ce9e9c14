import type { ScaleRunResult } from './scale-types.js';

/** Event-loop delay (p99, wall) above which the process is too busy to answer /healthz and timers promptly. */
export const LOOP_P99_LIMIT_MS = 1_000;

export interface Check {
  readonly name: string;
  readonly pass: boolean;
}

/**
 * "Keeps up" at a poll interval, every condition over the measured window:
 * 1. no live poll overran: settle_receiver_collect_overruns{lane=live} did not grow, and every live poll (all
 *    datasets, all zone groups, emitting into converge included) finished within the interval (histogram);
 * 2. the cadence held: at least one poll per interval of the window, less one (the one in flight at its end);
 * 3. pushes are not lagging: the exporter's queue is empty at the end (≤ 1 batch in flight) and it delivered
 *    at least 95 % of what converge emitted in the window (the rest being in flight);
 * 4. the event loop answered: p99 delay ≤ 1 s;
 * 5. nothing refused: every query answered `ok`, none rate-limited by the simulator.
 */
export function keepsUp(r: ScaleRunResult): Check[] {
  const interval = r.options.pollIntervalS;
  const within = r.pollBuckets.find(([le]) => le >= interval)?.[1] ?? 0;
  const expectedPolls = Math.floor((r.measuredMinutes * 60) / interval) - 1;
  const notOk = Object.entries(r.queryResults).filter(([k, v]) => k !== 'ok' && v > 0);
  return [
    { name: `no live poll overran the ${interval} s interval (${r.overruns} overruns)`, pass: r.overruns === 0 },
    { name: `every live poll took ≤ ${interval} s (${within} of ${r.polls})`, pass: within === r.polls && r.polls > 0 },
    { name: `cadence held (${r.polls} polls, ≥ ${expectedPolls} expected)`, pass: r.polls >= expectedPolls },
    {
      name: `pushes not lagging (queue ${r.queueEnd} batches at the end, ${r.pointsSent} of ${r.pointsEmitted} emitted points sent)`,
      pass: r.queueEnd <= 1 && r.pointsSent >= 0.95 * r.pointsEmitted,
    },
    {
      name: `event loop p99 ${r.loopP99Ms.toFixed(0)} ms ≤ ${LOOP_P99_LIMIT_MS} ms`,
      pass: r.loopP99Ms <= LOOP_P99_LIMIT_MS,
    },
    {
      name: `every query answered ok (${notOk.map(([k, v]) => `${k} ${v}`).join(', ') || 'all ok'}; ${r.simRateLimited} rate-limited)`,
      pass: notOk.length === 0 && r.simRateLimited === 0,
    },
  ];
}
