import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { AckFile } from './ack-file.js';
import { type DecodedRecord, decodeRecords } from './record-codec.js';
import { type SegmentInfo, listSegments } from './segment-files.js';

export interface ReplayResult {
  /** Unacknowledged intact records, oldest first. */
  readonly records: DecodedRecord[];
  /** Segments that still hold unacknowledged records. */
  readonly segments: SegmentInfo[];
  readonly nextSeq: number;
  /** Segments with nothing left to deliver: the caller deletes them (after saving what it read from them). */
  readonly emptied: string[];
}

/**
 * Reads what a previous run left: the ack watermark, then every segment in order. Damage (a torn tail after
 * power loss, flipped bits) is skipped, logged and counted, never fatal: the start must not fail on it.
 * `onRecord` sees every intact record, delivered ones too, before anything is deleted.
 */
export async function replaySegments(
  directory: string,
  logger: Logger,
  onCorrupt: (records: number) => void,
  onRecord: (record: DecodedRecord) => void = () => undefined,
): Promise<ReplayResult> {
  const stored = await AckFile.read(join(directory, 'ack'));
  if (stored === undefined) {
    onCorrupt(1);
    logger.warn({ directory }, 'the queue ack file is damaged: replaying every segment (expect duplicates)');
  }
  const watermark = stored ?? 0;
  const records: DecodedRecord[] = [];
  const segments: SegmentInfo[] = [];
  const emptied: string[] = [];
  let nextSeq = watermark;
  for (const name of await listSegments(directory)) {
    const path = join(directory, name);
    let buf: Buffer;
    try {
      buf = await readFile(path);
    } catch (err) {
      onCorrupt(1);
      logger.warn({ err, file: path }, 'cannot read a queue segment; skipped it');
      continue;
    }
    const decoded = decodeRecords(buf);
    for (const d of decoded.damaged) {
      onCorrupt(1);
      logger.warn(
        { file: path, offset: d.offset, bytes: d.bytes, reason: d.reason },
        'skipped damaged bytes in a queue segment (a crash or power loss during a write?)',
      );
    }
    let lastSeq = -1;
    let live = 0;
    for (const r of decoded.records) {
      lastSeq = Math.max(lastSeq, r.seq);
      onRecord(r);
      if (r.seq < watermark) continue;
      records.push(r);
      live++;
    }
    nextSeq = Math.max(nextSeq, lastSeq + 1);
    if (live === 0) emptied.push(path);
    else segments.push({ name, lastSeq, bytes: buf.length });
  }
  records.sort((a, b) => a.seq - b.seq);
  return { records, segments, nextSeq, emptied };
}
