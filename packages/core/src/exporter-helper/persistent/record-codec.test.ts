import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HEADER_BYTES, decodeRecords, encodeRecord } from './record-codec.js';

const rec = (seq: number, text: string) => encodeRecord(seq, 0, Buffer.from(text));
const seqs = (buf: Buffer) => decodeRecords(buf).records.map((r) => r.seq);

describe('record codec', () => {
  it('writes the frame byte for byte as before: queues left on disk by earlier versions stay readable', () => {
    // CRC-32 with the IEEE polynomial (zlib's, PNG's): the standard check value.
    expect(crc32('123456789')).toBe(0xcbf43926);
    const golden = '53515231' + '05000000' + '0000000000001c40' + '01000000' + 'da563811' + '68656c6c6f';
    expect(encodeRecord(7, 1, Buffer.from('hello')).toString('hex')).toBe(golden);
    expect(decodeRecords(Buffer.from(golden, 'hex')).records.map((r) => r.payload.toString())).toEqual(['hello']);
  });

  it('round-trips records', () => {
    const buf = Buffer.concat([rec(7, 'a'), rec(8, '{"x":1}'), rec(9, '')]);
    const { records, damaged } = decodeRecords(buf);
    expect(records.map((r) => [r.seq, r.payload.toString()])).toEqual([
      [7, 'a'],
      [8, '{"x":1}'],
      [9, ''],
    ]);
    expect(damaged).toEqual([]);
  });

  it('detects a truncated tail (power loss during a write)', () => {
    const whole = Buffer.concat([rec(1, 'first'), rec(2, 'second')]);
    for (const cut of [1, 5, HEADER_BYTES + 2]) {
      const { records, damaged } = decodeRecords(whole.subarray(0, whole.length - cut));
      expect(records.map((r) => r.seq)).toEqual([1]);
      expect(damaged).toHaveLength(1);
      expect(damaged[0]?.reason).toBe('truncated');
    }
  });

  it('skips a record with a flipped bit and resynchronises on the next one', () => {
    const a = rec(1, 'aaaa');
    const b = rec(2, 'bbbb');
    const c = rec(3, 'cccc');
    const buf = Buffer.concat([a, b, c]);
    const at = a.length + HEADER_BYTES + 1; // inside b's payload
    buf.writeUInt8(buf.readUInt8(at) ^ 0x04, at);
    const { records, damaged } = decodeRecords(buf);
    expect(records.map((r) => r.seq)).toEqual([1, 3]);
    expect(damaged).toEqual([{ offset: a.length, bytes: b.length, reason: 'bad_checksum' }]);
  });

  it('survives garbage anywhere', () => {
    const good = Buffer.concat([rec(1, 'x'), rec(2, 'y')]);
    expect(seqs(Buffer.concat([Buffer.from('garbage!'), good]))).toEqual([1, 2]);
    expect(seqs(Buffer.concat([good, Buffer.alloc(100)]))).toEqual([1, 2]);
    expect(decodeRecords(Buffer.alloc(0))).toEqual({ records: [], damaged: [] });
  });
});
