import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import { invalidSnapshot } from './snapshot-json.js';

/**
 * The binary checkpoint's container: a JSON header and raw little-endian typed-array columns after it, checked
 * as a whole by a CRC-32 (a flipped bit in a value would otherwise restore silently wrong).
 *
 *   magic "settle.converge/2\n" (18 bytes) | crc32 u32 | header length u32 | body length u32 | header JSON
 *   (UTF-8) | zero padding to a multiple of 8 | columns, each starting at a multiple of 8 in the body
 *
 * The CRC covers everything after its own field. Column lengths are not stored: the header says how many
 * values each column holds, the decoder takes them in order and checks that the body ends exactly there.
 */
export const MAGIC = Buffer.from('settle.converge/2\n', 'latin1');
const FIXED = MAGIC.length + 12;
const LITTLE_ENDIAN = endianness() === 'LE';

export type Column = Int32Array | Float64Array | Uint16Array | Uint8Array;

export function isFrame(input: unknown): input is Uint8Array {
  return input instanceof Uint8Array;
}

export function encodeFrame(header: object, columns: readonly Column[]): Buffer {
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  let size = 0;
  for (const c of columns) size = align(size) + c.byteLength;
  const bodyStart = align(FIXED + head.length);
  const out = Buffer.alloc(bodyStart + size);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(head.length, MAGIC.length + 4);
  out.writeUInt32LE(size, MAGIC.length + 8);
  head.copy(out, FIXED);
  let at = bodyStart;
  for (const c of columns) {
    at = bodyStart + align(at - bodyStart);
    out.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at);
    if (!LITTLE_ENDIAN) swap(out.subarray(at, at + c.byteLength), c.BYTES_PER_ELEMENT);
    at += c.byteLength;
  }
  out.writeUInt32LE(crc32(out.subarray(MAGIC.length + 4)), MAGIC.length);
  return out;
}

/** Checks the container (magic, lengths, CRC) and parses its header; the body is read with a ColumnReader. */
export function decodeFrame(buf: Uint8Array): { header: unknown; body: ColumnReader } {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < FIXED || !b.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw invalidSnapshot('not a settle.converge/2 checkpoint (no magic)');
  }
  const headLength = b.readUInt32LE(MAGIC.length + 4);
  const bodyStart = align(FIXED + headLength);
  const expected = bodyStart + b.readUInt32LE(MAGIC.length + 8);
  if (b.length !== expected) throw invalidSnapshot(`${b.length} bytes, expected ${expected} (truncated or padded)`);
  if (crc32(b.subarray(MAGIC.length + 4)) !== b.readUInt32LE(MAGIC.length)) {
    throw invalidSnapshot('checksum mismatch (the file is damaged)');
  }
  let header: unknown;
  try {
    header = JSON.parse(b.toString('utf8', FIXED, FIXED + headLength));
  } catch (err) {
    throw invalidSnapshot(`header is not JSON (${(err as Error).message})`);
  }
  return { header, body: new ColumnReader(b.subarray(bodyStart)) };
}

/** Takes the body's columns in the order they were written, as fresh (aligned, native-endian) arrays. */
export class ColumnReader {
  private at = 0;
  constructor(private readonly body: Buffer) {}

  take<T extends Column>(make: new (n: number) => T, n: number, what: string): T {
    const out = new make(n);
    const start = align(this.at);
    const end = start + out.byteLength;
    if (end > this.body.length) throw invalidSnapshot(`${what} runs past the end of the checkpoint`);
    const bytes = new Uint8Array(out.buffer);
    bytes.set(this.body.subarray(start, end));
    if (!LITTLE_ENDIAN) swap(Buffer.from(out.buffer), out.BYTES_PER_ELEMENT);
    this.at = end;
    return out;
  }

  /** Every column taken: nothing may be left over. */
  end(): void {
    if (this.at !== this.body.length) {
      throw invalidSnapshot(`${this.body.length - this.at} bytes after the last column`);
    }
  }
}

function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function swap(b: Buffer, size: number): void {
  if (size === 2) b.swap16();
  else if (size === 4) b.swap32();
  else if (size === 8) b.swap64();
}
