import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { permanentError, retryableError } from '../../errors/settle-error.js';
import type { Batch } from '../../model/types.js';
import type { QueueStore, StoredBatch } from '../queue-store.js';
import { AckFile } from './ack-file.js';
import { decodeBatch, encodeBatch } from './batch-codec.js';
import { encodeRecord } from './record-codec.js';
import { HandoffLedger } from './handoff-ledger.js';
import { replaySegments } from './replay.js';
import { type SegmentInfo, segmentName } from './segment-files.js';

export interface PersistentStoreOptions {
  readonly directory: string;
  /** fsync (fdatasync) each group of appends before they are acknowledged to the pipeline. */
  readonly fsync: boolean;
  /** A segment is closed and a new one started once it holds this many bytes. */
  readonly segmentBytes?: number;
  readonly logger: Logger;
  /** Called with the number of damaged records skipped during replay. */
  readonly onCorrupt: (records: number) => void;
}

interface PendingWrite {
  readonly seq: number;
  readonly record: Buffer;
  readonly batch: Batch;
  readonly resolve: (stored: StoredBatch) => void;
  readonly reject: (err: unknown) => void;
}

const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024;

/**
 * A persistent FIFO of batches: append-only segment files of CRC-checked records plus an ack watermark.
 * Appends are group-committed (one write + one fdatasync for all the appends that arrived meanwhile).
 * Segments whose every record is below the watermark are deleted.
 */
export class PersistentStore implements QueueStore {
  readonly persistent = true;
  private readonly segments: SegmentInfo[] = [];
  private active: { info: SegmentInfo; handle: FileHandle } | undefined;
  private nextSeq = 0;
  private outstanding: number[] = [];
  private outHead = 0;
  private readonly acked = new Set<number>();
  private watermark = 0;
  private pending: PendingWrite[] = [];
  private writer: Promise<void> | undefined;
  private readonly ackFile: AckFile;
  private readonly ledger: HandoffLedger;
  private closed = false;
  private readonly removals = new Set<Promise<void>>();
  private lastRemoval: Promise<void> = Promise.resolve();

  constructor(private readonly options: PersistentStoreOptions) {
    this.ledger = new HandoffLedger(join(options.directory, 'handoff'));
    this.ackFile = new AckFile(join(options.directory, 'ack'), (err) =>
      options.logger.warn({ err }, 'cannot write the queue ack file; delivered batches may be replayed'),
    );
  }

  async open(): Promise<StoredBatch[]> {
    const { directory, logger, onCorrupt } = this.options;
    await mkdir(directory, { recursive: true });
    await this.ledger.load();
    const decoded = new Map<number, Batch>();
    const replay = await replaySegments(directory, logger, onCorrupt, (r) => {
      try {
        const batch = decodeBatch(r.flags, r.payload);
        decoded.set(r.seq, batch);
        this.ledger.took(batch);
      } catch {
        // reported below if it was still to be delivered
      }
    });
    // What the delivered records said is saved before they are deleted.
    await this.ledger.save(this.options.fsync);
    await Promise.all(replay.emptied.map((path) => rm(path, { force: true })));
    const out: StoredBatch[] = [];
    for (const r of replay.records) {
      const batch = decoded.get(r.seq);
      if (batch === undefined) {
        onCorrupt(1);
        logger.warn({ seq: r.seq }, 'skipped a queue record that is not a valid batch');
        continue;
      }
      out.push({ seq: r.seq, batch, bytes: r.bytes });
      this.outstanding.push(r.seq);
    }
    this.segments.push(...replay.segments);
    this.nextSeq = replay.nextSeq;
    this.watermark = this.outstanding[0] ?? this.nextSeq;
    await this.ackFile.open();
    this.ackFile.set(this.watermark);
    if (out.length > 0) logger.info({ batches: out.length }, 'replaying batches left in the persistent queue');
    return out;
  }

  append(batch: Batch): Promise<StoredBatch> {
    if (this.closed) return Promise.reject(retryableError('queue_closed', 'the persistent queue is closed'));
    let encoded: { flags: number; payload: Buffer };
    try {
      encoded = encodeBatch(batch);
    } catch (err) {
      return Promise.reject(permanentError('queue_encode_failed', 'cannot store this batch in the queue', err));
    }
    const seq = this.nextSeq++;
    this.outstanding.push(seq);
    return new Promise((resolve, reject) => {
      this.pending.push({ seq, record: encodeRecord(seq, encoded.flags, encoded.payload), batch, resolve, reject });
      this.writer ??= this.writeLoop();
    });
  }

  /** True when this batch's handoff identity shows the queue already took it (see handoff.ts). */
  holds(batch: Batch): boolean {
    return this.ledger.holds(batch);
  }

  ack(seqs: readonly number[]): void {
    for (const s of seqs) this.acked.add(s);
    this.advance();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.writer;
    await this.closeActive();
    this.deleteAcked();
    await Promise.all(this.removals);
    await this.ackFile.close(this.options.fsync);
  }

  private async writeLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending;
      this.pending = [];
      try {
        const segment = await this.activeSegment(group[0]?.seq ?? this.nextSeq);
        const buf =
          group.length === 1 ? (group[0]?.record ?? Buffer.alloc(0)) : Buffer.concat(group.map((g) => g.record));
        await writeAll(segment.handle, buf);
        if (this.options.fsync) await segment.handle.datasync();
        segment.info.lastSeq = group[group.length - 1]?.seq ?? segment.info.lastSeq;
        segment.info.bytes += buf.length;
        for (const g of group) {
          this.ledger.took(g.batch);
          g.resolve({ seq: g.seq, batch: g.batch, bytes: g.record.length });
        }
        if (segment.info.bytes >= (this.options.segmentBytes ?? DEFAULT_SEGMENT_BYTES)) await this.closeActive();
      } catch (err) {
        const failure = retryableError(
          'queue_write_failed',
          `cannot write to the sending queue in ${this.options.directory}: ${(err as Error).message}`,
          { cause: err },
        );
        for (const g of group) {
          this.acked.add(g.seq); // never admitted: must not hold the watermark back
          g.reject(failure);
        }
        // Whatever half-written bytes the failure left, later records go to a fresh file.
        await this.closeActive().catch(() => undefined);
        this.advance();
      }
    }
    this.writer = undefined;
  }

  private async activeSegment(firstSeq: number): Promise<{ info: SegmentInfo; handle: FileHandle }> {
    if (this.active !== undefined) return this.active;
    const info: SegmentInfo = { name: segmentName(firstSeq), lastSeq: -1, bytes: 0 };
    const handle = await open(join(this.options.directory, info.name), 'a');
    // The new file's directory entry must survive power loss too, not only its contents.
    if (this.options.fsync) await syncDirectory(this.options.directory);
    this.active = { info, handle };
    this.segments.push(info);
    return this.active;
  }

  private async closeActive(): Promise<void> {
    const active = this.active;
    if (active === undefined) return;
    this.active = undefined;
    await active.handle.close();
    this.deleteAcked();
  }

  private advance(): void {
    while (this.outHead < this.outstanding.length && this.acked.delete(this.outstanding[this.outHead] ?? -1)) {
      this.outHead++;
    }
    if (this.outHead > 4096 && this.outHead * 2 > this.outstanding.length) {
      this.outstanding = this.outstanding.slice(this.outHead);
      this.outHead = 0;
    }
    const watermark = this.outstanding[this.outHead] ?? this.nextSeq;
    if (watermark === this.watermark) return;
    this.watermark = watermark;
    this.ackFile.set(watermark);
    this.deleteAcked();
  }

  /**
   * Deletes closed segments whose records are all below the watermark, after saving the handoff ledger (the
   * records it was rebuilt from leave the disk with them). Removals run one after another.
   */
  private deleteAcked(): void {
    const names: string[] = [];
    for (let i = 0; i < this.segments.length;) {
      const s = this.segments[i];
      if (s === undefined || s === this.active?.info || s.lastSeq >= this.watermark) {
        i++;
        continue;
      }
      this.segments.splice(i, 1);
      names.push(s.name);
    }
    if (names.length === 0) return;
    const { directory, fsync, logger } = this.options;
    const removal = this.lastRemoval
      .then(() => this.ledger.save(fsync))
      .then(() => Promise.all(names.map((name) => rm(join(directory, name), { force: true }))))
      .then(() => undefined)
      .catch((err: unknown) => logger.warn({ err, files: names }, 'cannot delete delivered queue segments'))
      .finally(() => this.removals.delete(removal));
    this.lastRemoval = removal;
    this.removals.add(removal);
  }
}

async function writeAll(handle: FileHandle, buf: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buf.length) {
    const { bytesWritten } = await handle.write(buf, offset, buf.length - offset);
    offset += bytesWritten;
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const dir = await open(directory, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
