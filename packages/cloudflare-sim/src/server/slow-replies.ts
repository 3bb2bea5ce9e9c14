import type { ServerResponse } from 'node:http';
import { unitOf } from '../model/random.js';
import type { SlowRepliesOption } from '../types.js';
import type { Reply } from './reply.js';

/** Pieces a slow body is cut into: the first goes with the headers, the rest one per pause. */
const PIECES = 10;

/**
 * Sends a share of GraphQL replies slowly: status and headers at once, then the body in pieces spread over
 * `durationMs` of wall time. Wall time, not the simulator's clock: a slow body is a property of the socket, and
 * a client's read timeout runs on real time too. Which replies are slow is reproducible from the seed.
 */
export class SlowReplies {
  private replies = 0;
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(
    private readonly seed: number,
    private readonly option: SlowRepliesOption | undefined,
  ) {
    if (option !== undefined && !(option.share >= 0 && option.share <= 1 && option.durationMs >= 0))
      throw new RangeError(`slowReplies needs 0 <= share <= 1 and durationMs >= 0, got ${JSON.stringify(option)}`);
  }

  /** Whether the next GraphQL reply goes slowly. */
  pick(): boolean {
    if (this.option === undefined || !(this.option.share > 0)) return false;
    return unitOf(this.seed, 'slow-reply', ++this.replies) < this.option.share;
  }

  send(res: ServerResponse, reply: Reply): void {
    const body = Buffer.from(reply.body, 'utf8');
    res.writeHead(reply.status, { ...reply.headers, 'content-length': body.length });
    const pause = (this.option?.durationMs ?? 0) / (PIECES - 1);
    let piece = 0;
    const next = (): void => {
      if (res.destroyed) return; // the client gave up (timeout) or the server is closing
      const from = Math.floor((piece * body.length) / PIECES);
      const to = Math.floor((++piece * body.length) / PIECES);
      if (piece === PIECES) {
        res.end(body.subarray(from, to));
        return;
      }
      res.write(body.subarray(from, to));
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        next();
      }, pause);
      this.pending.add(timer);
    };
    next();
  }

  /** Drops the pauses still pending, so a closed server leaves no timer behind. */
  stop(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
