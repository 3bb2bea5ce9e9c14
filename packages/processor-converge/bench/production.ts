import type { Batch } from '@settle/core';
import type { ConvergeEngine } from '../src/index.js';
import { toBatches } from '../src/processor/to-batches.js';
import type { KeyBuffer } from './workload.js';

// How the bench feeds this version of the engine (the comparison builds an older commit with its own copy).
//   keys     one key string per observation (ingestColumns), emitted points counted in the engine's buffer
//   objects  the production path: a batch in (ingest), batches out (what the processor forwards)

export function pollKeys(engine: ConvergeEngine, buf: KeyBuffer, now: number): number {
  return engine.ingestColumns(buf, now).length;
}

export function pollObjects(engine: ConvergeEngine, batch: Batch, now: number): number {
  return points(toBatches(engine.ingestBuffered(batch, now)).batches);
}

export function expireObjects(engine: ConvergeEngine, now: number): number {
  return points(toBatches(engine.expireBuffered(now)).batches);
}

export function expireKeys(engine: ConvergeEngine, now: number): number {
  return engine.expireBuffered(now).length;
}

function points(batches: readonly Batch[]): number {
  let n = 0;
  for (const b of batches) for (const m of b.metrics) n += m.points.length;
  return n;
}
