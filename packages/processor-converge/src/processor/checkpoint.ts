import {
  appendLog,
  getJson,
  withHandoff,
  type AppendLog,
  type Batch,
  type ComponentContext,
  type ProcessTools,
} from '@settle/core';
import type { ConvergeSnapshot } from '../engine/snapshot.js';
import { PASSTHROUGH, type EngineSteps } from './engine-steps.js';
import { PushedLogDecoder, PushedLogEncoder, lastSeq } from './pushed-log-codec.js';

/** The full checkpoint: bytes (the engine's binary snapshot, Attached in it); older versions wrote JSON (Checkpoint). */
export const CHECKPOINT_KEY = 'converge';
/** The pushed log: what was forwarded since the last full checkpoint (see ConvergeCheckpoint). */
export const PUSHED_LOG_KEY = 'converge-pushed';
/** Past this size the log is emptied after the next full checkpoint (which covers it). */
const LOG_BYTES = 64 * 1024 * 1024;

/** What the processor saves in the engine's snapshot besides the engine. */
interface Attached {
  /** Output downstream refused and the processor helper retains (the key kept its old name: older checkpoints). */
  readonly outbox: readonly Batch[];
  /** The last handoff seq stamped on an emitted batch (absent in checkpoints of older versions). */
  readonly handoffSeq?: number;
}

/** The JSON checkpoint of older versions (the engine in settle.converge/1), still restored. */
interface JsonCheckpoint extends Attached {
  readonly engine: ConvergeSnapshot;
}

/**
 * Saves the engine's open windows with the retained output, and restores both on start.
 *
 * The handoff to the exporter's persistent queue is exactly-once: `handoff` stamps each emitted batch with
 * (processor id, seq) and appends the batches to the pushed log (fsynced) BEFORE they are forwarded
 * (write-ahead). The full checkpoint (engine snapshot, retained output, last seq) is written only every
 * `checkpoint_interval`: a snapshot of 10⁶ trackers is tens of megabytes, a log record a few bytes per point.
 * On start the checkpoint is restored and the log's later records replayed onto it: their points are marked
 * pushed in the engine and the batches re-offered, and the queue drops those it already took by their handoff
 * identity (core's handoff.ts). A SIGKILL before an append loses only the emission (never forwarded; the
 * engine, which did not save it as pushed, emits it again from re-ingested data).
 */
export class ConvergeCheckpoint {
  private savedRetained = 0;
  private handoffSeq = 0;
  private readonly log: AppendLog;
  private readonly encoder = new PushedLogEncoder();

  constructor(
    private readonly ctx: ComponentContext,
    private readonly steps: EngineSteps,
  ) {
    this.log = appendLog(ctx.storage, PUSHED_LOG_KEY);
  }

  /** Stamps emitted batches with their handoff identity and logs them before they go on. */
  async handoff(emitted: readonly Batch[], _tools: ProcessTools): Promise<Batch[]> {
    if (emitted.length === 0) return [];
    const stamped = emitted.map((b) => withHandoff(b, { source: this.ctx.id, seq: ++this.handoffSeq }));
    try {
      const { flags, payload } = this.encoder.encode(stamped);
      await this.log.append(this.handoffSeq, flags, payload);
    } catch (err) {
      // Forwarded all the same: the engine marked them pushed, so holding them back would lose them. A kill
      // before the next checkpoint may push them again (as before write-ahead logging); said, never silent.
      this.encoder.reset();
      this.ctx.logger.warn({ err }, 'could not log converge output before forwarding it; a restart may push it again');
    }
    return stamped;
  }

  /** The full checkpoint; then the log, which it covers, is emptied once it has grown large. */
  async save(tools: ProcessTools, force = false): Promise<void> {
    const retained = tools.retained();
    if (!force && !this.steps.changed && retained.length === 0 && this.savedRetained === 0) return;
    const attached: Attached = { outbox: retained, handoffSeq: this.handoffSeq };
    try {
      await this.ctx.storage.setBytes(CHECKPOINT_KEY, this.steps.engine.snapshot(attached));
      this.steps.changed = false;
      this.savedRetained = retained.length;
      if (force || this.log.bytes > LOG_BYTES) {
        await this.log.truncate();
        this.encoder.reset();
      }
    } catch (err) {
      this.ctx.logger.warn({ err }, 'could not save the converge checkpoint; will retry');
    }
  }

  async restore(tools: ProcessTools): Promise<void> {
    try {
      const { engine } = this.steps;
      const checkpoint = await this.load();
      if (checkpoint !== undefined) {
        tools.retain(Array.isArray(checkpoint.outbox) ? checkpoint.outbox : []);
        this.handoffSeq = typeof checkpoint.handoffSeq === 'number' ? checkpoint.handoffSeq : 0;
      }
      const replayed = await this.replay(tools);
      if (checkpoint === undefined && replayed === 0) return;
      // After the replay (what it marks pushed is not stale): values restored unpushed after a long stop wait.
      const overdue = engine.resume(tools.now);
      const stats = engine.stats();
      this.ctx.logger.info(
        {
          windows: stats.openWindows,
          overdue,
          trackers: stats.trackedSeries,
          replayed,
          pending: tools.retained().length,
        },
        'converge state restored from checkpoint',
      );
    } catch (err) {
      // An unreadable checkpoint must not keep the pipeline down; say loudly what was lost.
      this.ctx.logger.error(
        { err: err instanceof Error ? err.message : err },
        'converge checkpoint unusable; starting with no open windows',
      );
    }
  }

  /** Restores the engine from the checkpoint (bytes, else an older version's JSON); returns what was attached. */
  private async load(): Promise<Partial<Attached> | undefined> {
    const { storage } = this.ctx;
    const bytes = await storage.getBytes(CHECKPOINT_KEY);
    if (bytes !== undefined) {
      const attached = this.steps.engine.restore(bytes);
      return typeof attached === 'object' && attached !== null ? attached : {};
    }
    const json = await getJson<JsonCheckpoint>(storage, CHECKPOINT_KEY);
    if (json === undefined) return undefined;
    this.steps.engine.restore(json.engine);
    return json;
  }

  async close(): Promise<void> {
    await this.log.close();
  }

  /**
   * Replays the log's records newer than the checkpoint: their points are marked pushed, their batches retained
   * (re-offered before anything new). Then a full checkpoint covers them and the log starts empty (its
   * dictionary is the encoder's, which a new process does not have).
   */
  private async replay(tools: ProcessTools): Promise<number> {
    const { records, damaged } = await this.log.read();
    if (damaged > 0) this.ctx.logger.warn({ damaged }, 'skipped a torn record at the end of the converge pushed log');
    const decoder = new PushedLogDecoder();
    const covered = this.handoffSeq;
    let replayed = 0;
    for (const r of records) {
      let batches: Batch[];
      try {
        batches = decoder.decode(r.flags, r.payload);
      } catch (err) {
        this.ctx.logger.warn({ err, seq: r.seq }, 'skipped an unreadable record of the converge pushed log');
        continue;
      }
      if (r.seq <= covered) continue;
      for (const b of batches) {
        if (b.meta?.[PASSTHROUGH] !== true) this.steps.engine.markPushed(b, tools.now);
      }
      tools.retain(batches);
      this.handoffSeq = Math.max(this.handoffSeq, lastSeq(batches));
      replayed += batches.length;
    }
    if (records.length > 0) {
      this.steps.changed = true;
      await this.save(tools, true);
    }
    return replayed;
  }
}
