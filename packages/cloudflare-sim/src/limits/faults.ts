import { unitOf } from '../model/random.js';
import type { FaultKind } from '../types.js';

/** The mix of random transient failures: mostly 503s, some HTTP 200 + errors[], some proxy 502s. */
const RANDOM_MIX: readonly (readonly [FaultKind, number])[] = [
  ['unavailable', 0.4],
  ['unavailable200', 0.3],
  ['tooManyInProgress', 0.15],
  ['badGateway', 0.15],
];

/** Decides, per accepted request, whether it fails: first any queued injections, then `errorRate` at random. */
export class FaultInjector {
  private readonly queue: FaultKind[] = [];

  constructor(
    private readonly seed: number,
    private readonly errorRate: number,
  ) {}

  inject(kind: FaultKind, count: number): void {
    for (let i = 0; i < count; i++) this.queue.push(kind);
  }

  /** `nonce` numbers the request, so the random choice is reproducible from the seed. */
  next(nonce: number): FaultKind | undefined {
    const queued = this.queue.shift();
    if (queued !== undefined) return queued;
    if (!(this.errorRate > 0) || unitOf(this.seed, 'fault', nonce) >= this.errorRate) return undefined;
    let u = unitOf(this.seed, 'fault-kind', nonce);
    for (const [kind, share] of RANDOM_MIX) {
      if (u < share) return kind;
      u -= share;
    }
    return 'unavailable';
  }
}
