import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * A server binary (VictoriaMetrics, vmagent) as a child process: started, awaited until its health probe
 * answers, stopped by its PID only (never by name: other tests run the same binaries at the same time).
 */
export class ChildServer {
  private child: ChildProcess | undefined;
  /** The last 4 kB of its stdout and stderr, for error messages. */
  output = '';

  constructor(private readonly name: string) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns `binary` and resolves once `healthy()` is true (throws, stopping it, after ~30 s or if it exits). */
  async start(binary: string, args: readonly string[], healthy: () => Promise<boolean>, where: string): Promise<void> {
    this.output = '';
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.on('data', (c: Buffer) => (this.output = (this.output + c.toString()).slice(-4000)));
    child.stderr?.on('data', (c: Buffer) => (this.output = (this.output + c.toString()).slice(-4000)));
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null)
        throw new Error(`${this.name} exited with ${child.exitCode} at start:\n${this.output}`);
      try {
        if (await healthy()) return;
      } catch {
        // not listening yet
      }
      await delay(100);
    }
    await this.stop();
    throw new Error(`${this.name} did not become healthy on ${where}:\n${this.output}`);
  }

  /** SIGTERM (the binary flushes what it holds), SIGKILL if it has not exited after `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<void> {
    const child = this.release();
    if (child?.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, 'SIGTERM');
    const killer = setTimeout(() => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    }, timeoutMs);
    await exited;
    clearTimeout(killer);
  }

  /** SIGKILL: no chance to flush what it holds in memory. Resolves once it exited. */
  async kill(): Promise<void> {
    const child = this.release();
    if (child?.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, 'SIGKILL');
    await exited;
  }

  /** The running child, forgotten (a second stop or kill is a no-op); undefined when it already exited. */
  private release(): ChildProcess | undefined {
    const child = this.child;
    this.child = undefined;
    return child === undefined || child.exitCode !== null || child.signalCode !== null ? undefined : child;
  }
}
