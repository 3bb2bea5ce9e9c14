import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SharedClock } from './shared-clock.js';

const SCRIPT = fileURLToPath(new URL('./member.mjs', import.meta.url));

/** One settle member running `member.mjs` in a child process. */
export interface MemberProcess {
  /** Resolves true once its service has started, false if it exited first. */
  readonly running: Promise<boolean>;
  readonly exited: Promise<void>;
  /** Signals the child by its PID unless it has already exited; resolves once it has. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts a member on `configFile`, on the run's shared clock. */
export function startMember(configFile: string, clock: SharedClock): MemberProcess {
  const child = spawn(process.execPath, [SCRIPT, configFile, ...clock.args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let alive = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => (alive = false));
  const running = new Promise<boolean>((resolve) => {
    if (child.stdout !== null)
      createInterface({ input: child.stdout }).on('line', (l) => l === 'running' && resolve(true));
    void exited.then(() => resolve(false));
  });
  return {
    running,
    exited,
    kill: async (signal) => {
      if (alive) child.kill(signal);
      await exited;
    },
  };
}
