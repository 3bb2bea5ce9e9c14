/**
 * The few protobuf wire-format pieces remote write needs: varints, length-delimited fields, doubles.
 * Grows one buffer; nested messages are written into a scratch writer and copied in with their length.
 */
export class ProtobufWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initial = 1024) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  get length(): number {
    return this.pos;
  }

  reset(): void {
    this.pos = 0;
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** Field key: field number and wire type (0 varint, 1 fixed64, 2 length-delimited). */
  tag(field: number, wireType: 0 | 1 | 2): void {
    this.varint(field * 8 + wireType);
  }

  /** Unsigned varint of a non-negative integer below 2^53. */
  varint(n: number): void {
    this.ensure(10);
    while (n > 0x7f) {
      this.buf[this.pos++] = (n % 128) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  /** int64 as protobuf encodes it: negative numbers as 10-byte two's complement varints. */
  int64(n: number): void {
    if (n >= 0) {
      this.varint(n);
      return;
    }
    let v = BigInt.asUintN(64, BigInt(n));
    this.ensure(10);
    while (v > 0x7fn) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  double(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  string(field: number, s: string): void {
    const bytes = Buffer.byteLength(s);
    this.tag(field, 2);
    this.varint(bytes);
    this.ensure(bytes);
    this.buf.write(s, this.pos, 'utf8');
    this.pos += bytes;
  }

  /** A length-delimited field holding another writer's bytes. */
  message(field: number, inner: ProtobufWriter): void {
    this.tag(field, 2);
    this.varint(inner.pos);
    this.ensure(inner.pos);
    inner.buf.copy(this.buf, this.pos, 0, inner.pos);
    this.pos += inner.pos;
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + extra));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}
