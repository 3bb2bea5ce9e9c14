import snappy from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { ProtobufWriter } from './protobuf-writer.js';
import { encodeWriteRequest } from './remote-write-encoder.js';

/** A minimal protobuf reader, independent of the writer, to check what the encoder produced. */
function readFields(buf: Uint8Array): [number, number | bigint | Uint8Array][] {
  const out: [number, number | bigint | Uint8Array][] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[pos++] ?? 0;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const field = key >> 3;
    const wire = key & 7;
    if (wire === 0) out.push([field, varint()]);
    else if (wire === 1) {
      out.push([field, Buffer.from(buf.subarray(pos, pos + 8)).readDoubleLE(0)]);
      pos += 8;
    } else {
      const len = Number(varint());
      out.push([field, buf.subarray(pos, pos + len)]);
      pos += len;
    }
  }
  return out;
}

const text = (b: unknown) => Buffer.from(b as Uint8Array).toString();

describe('encodeWriteRequest', () => {
  it('writes sorted labels and every sample, and survives snappy', () => {
    const body = encodeWriteRequest([
      {
        labels: { zone: 'z', __name__: 'm', a: 'é' },
        timestamps: [1_700_000_000_000, 1_700_000_060_000],
        values: [1.5, -2],
        sorted: true,
      },
    ]);
    const decoded = snappy.uncompress(snappy.compress(body));
    const [ts] = readFields(decoded);
    expect(ts?.[0]).toBe(1);
    const inner = readFields(ts?.[1] as Uint8Array);
    const labels = inner.filter(([f]) => f === 1).map(([, v]) => readFields(v as Uint8Array).map(([, x]) => text(x)));
    expect(labels).toEqual([
      ['__name__', 'm'],
      ['a', 'é'],
      ['zone', 'z'],
    ]);
    const samples = inner.filter(([f]) => f === 2).map(([, v]) => readFields(v as Uint8Array).map(([, x]) => x));
    expect(samples).toEqual([
      [1.5, 1_700_000_000_000n],
      [-2, 1_700_000_060_000n],
    ]);
  });

  it('encodes negative int64 as ten-byte two’s complement', () => {
    const w = new ProtobufWriter(1);
    w.int64(-1);
    expect([...w.finish()]).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    const [[, v] = [0, 0n]] = readFields(Buffer.concat([Buffer.from([0x08]), w.finish()]));
    expect(BigInt.asIntN(64, v as bigint)).toBe(-1n);
  });
});
