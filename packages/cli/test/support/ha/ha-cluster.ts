import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulatorServer, type SimulatorServer } from '@settle/cloudflare-sim';
import {
  VictoriaMetricsProcess,
  VmagentProcess,
  freePort,
  victoriaMetrics112Binary,
} from '@settle/exporter-vm/testing';
import { RecordingProxy } from '../recording-proxy.js';
import { memberConfig } from './member-config.js';
import { startMember, type MemberProcess } from './member-process.js';
import { SharedClock } from './shared-clock.js';
import { memberTokens } from './zone-queriers.js';

export interface HaClusterOptions {
  /** Members at the start (service.cluster.members). */
  readonly members: number;
  /** Members the run may grow to: the simulator knows their tokens from the start. Default `members`. */
  readonly maxMembers?: number;
  readonly replication: number;
  readonly zones: number;
  /** Virtual minutes per wall minute. */
  readonly speed: number;
  /** Members push to VictoriaMetrics itself, or to a vmagent in front of it. */
  readonly via: 'direct' | 'vmagent';
}

/**
 * One HA run on loopback: a Cloudflare simulator, a real VictoriaMetrics (dedup on), optionally a real vmagent
 * in front of it, a recording proxy per member, and settle members as child processes (each with its own data
 * dir and two tokens), all on one accelerated clock whose virtual time starts 40 minutes ago. `close()` stops
 * everything it started.
 */
export class HaCluster {
  /**
   * VictoriaMetrics ≥ 1.85 (1.112 here): its dedup keeps the largest of equal-timestamp samples, so converge's
   * rare revisions (a bucket pushed again with its final value) resolve to the final value. 1.79 (Debian
   * bookworm's) keeps an arbitrary one, which would make the check depend on which revision it happened to keep.
   */
  readonly vm = new VictoriaMetricsProcess({ binary: victoriaMetrics112Binary() ?? '' });
  /** Member i pushes through proxies[i], which records what it pushed (its last word on each bucket). */
  readonly proxies: RecordingProxy[] = [];
  readonly clock: SharedClock;
  vmagent: VmagentProcess | undefined;
  private server: SimulatorServer | undefined;
  private dir = '';
  private readonly processes = new Map<number, MemberProcess>();

  constructor(readonly options: HaClusterOptions) {
    this.clock = new SharedClock(options.speed, 40);
  }

  /** Starts the simulator, VictoriaMetrics (and vmagent), no member yet. Call `close()` even if it throws. */
  async start(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'settle-ha-'));
    await this.vm.start();
    if (this.options.via === 'vmagent') {
      this.vmagent = new VmagentProcess(`${this.vm.url}/api/v1/write`);
      await this.vmagent.start();
    }
    const { members, maxMembers = members, zones } = this.options;
    const target = this.vmagent?.url ?? this.vm.url;
    for (let m = 0; m < maxMembers; m++) {
      const proxy = new RecordingProxy(target);
      this.proxies.push(proxy);
      await proxy.start();
    }
    const tokens = Array.from({ length: maxMembers }, (_, m) => memberTokens(m)).flat();
    this.server = await startSimulatorServer({ zones, tokens, clock: this.clock.clock });
  }

  get sim(): SimulatorServer {
    if (this.server === undefined) throw new Error('HaCluster not started');
    return this.server;
  }

  /** Virtual time of the run: ms since its start. */
  until(virtualMs: number): Promise<void> {
    return this.clock.until(virtualMs);
  }

  /** (Re)starts members with `service.cluster.members` = `members`; resolves once all are running. */
  async startMembers(list: readonly number[], members = this.options.members): Promise<void> {
    await Promise.all(list.map((m) => this.startMember(m, members)));
  }

  /** Signals members by PID (default: all running ones); resolves once they exited. */
  async stopMembers(signal: NodeJS.Signals, list: readonly number[] = [...this.processes.keys()]): Promise<void> {
    await Promise.all(list.map(async (m) => this.processes.get(m)?.kill(signal)));
    for (const m of list) this.processes.delete(m);
  }

  /** Resolves once what the members pushed is visible in VictoriaMetrics (vmagent has forwarded it all). */
  async delivered(): Promise<void> {
    await this.vmagent?.drain();
    await this.vm.forceFlush();
  }

  async close(): Promise<void> {
    await this.stopMembers('SIGKILL');
    for (const p of this.proxies) await p.stop();
    await this.vmagent?.cleanup();
    await this.vm.cleanup();
    await this.server?.close();
    if (this.dir !== '') await rm(this.dir, { recursive: true, force: true });
  }

  private proxy(member: number): RecordingProxy {
    const proxy = this.proxies[member];
    if (proxy === undefined) throw new Error(`member ${member} is beyond maxMembers`);
    return proxy;
  }

  private async startMember(member: number, members: number): Promise<void> {
    if (this.processes.has(member)) throw new Error(`member ${member} is already running`);
    const file = join(this.dir, `member-${member}.yaml`);
    const config = memberConfig({
      graphqlUrl: this.sim.graphqlUrl,
      accountTag: this.sim.simulator.accountTag,
      tokens: memberTokens(member),
      endpoint: this.proxy(member).url,
      dataDir: join(this.dir, `data-${member}`),
      telemetryPort: await freePort(),
      cluster: { members, member, replication: this.options.replication },
    });
    await writeFile(file, config);
    const child = startMember(file, this.clock);
    this.processes.set(member, child);
    if (!(await child.running)) throw new Error(`member ${member} exited before it started`);
  }
}
