import { crc32 } from 'node:zlib';

/**
 * Framing of one queue record in a segment file (little-endian):
 *   magic u32 | payload length u32 | seq f64 | flags u32 | crc32 u32 | payload
 * The CRC covers length, seq, flags and payload, so a torn write or a flipped bit is caught; the magic lets the
 * reader find the next intact record after a damaged one.
 */
export const RECORD_MAGIC = 0x31525153; // "SQR1" read as little-endian bytes
export const HEADER_BYTES = 24;
const MAGIC_BYTES = Buffer.from([0x53, 0x51, 0x52, 0x31]);

export interface DecodedRecord {
  readonly seq: number;
  readonly flags: number;
  readonly payload: Buffer;
  readonly bytes: number;
}

export interface DamagedRegion {
  readonly offset: number;
  readonly bytes: number;
  readonly reason: 'truncated' | 'bad_magic' | 'bad_checksum';
}

export function encodeRecord(seq: number, flags: number, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  out.writeUInt32LE(RECORD_MAGIC, 0);
  out.writeUInt32LE(payload.length, 4);
  out.writeDoubleLE(seq, 8);
  out.writeUInt32LE(flags, 16);
  payload.copy(out, HEADER_BYTES);
  out.writeUInt32LE(checksum(out, payload.length), 20);
  return out;
}

/** Reads every intact record; damaged stretches are skipped up to the next record that checks out. */
export function decodeRecords(buf: Buffer): { records: DecodedRecord[]; damaged: DamagedRegion[] } {
  const records: DecodedRecord[] = [];
  const damaged: DamagedRegion[] = [];
  let offset = 0;
  let badFrom: { offset: number; reason: DamagedRegion['reason'] } | undefined;
  while (offset < buf.length) {
    const problem = check(buf, offset);
    if (problem === undefined) {
      if (badFrom !== undefined) damaged.push({ ...badFrom, bytes: offset - badFrom.offset });
      badFrom = undefined;
      const length = buf.readUInt32LE(offset + 4);
      const end = offset + HEADER_BYTES + length;
      records.push({
        seq: buf.readDoubleLE(offset + 8),
        flags: buf.readUInt32LE(offset + 16),
        payload: buf.subarray(offset + HEADER_BYTES, end),
        bytes: HEADER_BYTES + length,
      });
      offset = end;
      continue;
    }
    badFrom ??= { offset, reason: problem };
    const next = buf.indexOf(MAGIC_BYTES, offset + 1);
    offset = next === -1 ? buf.length : next;
  }
  if (badFrom !== undefined) damaged.push({ ...badFrom, bytes: buf.length - badFrom.offset });
  return { records, damaged };
}

function check(buf: Buffer, offset: number): DamagedRegion['reason'] | undefined {
  if (buf.length - offset < HEADER_BYTES) return 'truncated';
  if (buf.readUInt32LE(offset) !== RECORD_MAGIC) return 'bad_magic';
  const length = buf.readUInt32LE(offset + 4);
  if (buf.length - offset - HEADER_BYTES < length) return 'truncated';
  const record = buf.subarray(offset, offset + HEADER_BYTES + length);
  return checksum(record, length) === record.readUInt32LE(20) ? undefined : 'bad_checksum';
}

function checksum(record: Buffer, length: number): number {
  const head = crc32(record.subarray(4, 20));
  return crc32(record.subarray(HEADER_BYTES, HEADER_BYTES + length), head);
}
