import type { SimulatorServer } from '@settle/cloudflare-sim';
import { FakeClock } from '@settle/core/testing';
import { onTestFinished } from 'vitest';
import { START, captureLogs, createReceiver, startSim, type Rig, type SimOptions } from './harness.js';
import { startPeer, type Peer, type PeerReply, type PeerRequest } from './peer.js';

/** A receiver (not started yet) on a fake clock at START, with what it logs captured. */
export interface Setup {
  readonly clock: FakeClock;
  readonly rig: Rig;
  /** Every line the receiver logged (debug and up), as JSON. */
  readonly lines: string[];
}

/** Receiver config on top of what the rig fills in (token, endpoint, zones). */
type Config = Record<string, unknown>;

/**
 * A simulator and a receiver polling it. Both are closed when the test finishes, receiver first so it stops
 * polling before the server goes away. The receiver is not started, so faults can be injected first;
 * `config` may be a function of the server, for settings that name what the simulator made (its account).
 */
export async function simRig(
  sim: SimOptions,
  config: Config | ((server: SimulatorServer) => Config),
): Promise<Setup & { server: SimulatorServer }> {
  const clock = new FakeClock(START);
  const server = await startSim(clock, sim);
  onTestFinished(() => server.close());
  const { logger, lines } = captureLogs();
  const rig = createReceiver(clock, server, typeof config === 'function' ? config(server) : config, { logger });
  onTestFinished(() => rig.receiver.shutdown()); // vitest runs these hooks last-registered first
  return { clock, server, rig, lines };
}

/**
 * A scripted peer (see startPeer) and a receiver whose GraphQL endpoint is the peer, closed like simRig's.
 * `config` names the zones: the peer has no zone list to take them from.
 */
export async function peerRig(
  graphql: (n: number, request: PeerRequest) => PeerReply,
  config: Config,
): Promise<Setup & { peer: Peer }> {
  const peer = await startPeer(graphql);
  onTestFinished(() => peer.close());
  const clock = new FakeClock(START);
  const { logger, lines } = captureLogs();
  const rig = createReceiver(clock, undefined, { endpoint: peer.graphqlUrl, ...config }, { logger });
  onTestFinished(() => rig.receiver.shutdown());
  return { clock, peer, rig, lines };
}
