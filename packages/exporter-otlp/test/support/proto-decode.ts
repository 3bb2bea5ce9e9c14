/**
 * A minimal protobuf reader for ExportMetricsServiceRequest, written from metrics.proto independently of the
 * encoder under test, so the tests check the bytes on the wire rather than the encoder against itself.
 */
export type AttrValue = string | number | boolean;

export interface DecodedPoint {
  attributes: Record<string, AttrValue>;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  asDouble?: number;
  asInt?: bigint;
}

export interface DecodedMetric {
  name: string;
  description: string;
  unit: string;
  type: 'gauge' | 'sum' | 'other';
  /** 1 = delta, 2 = cumulative (sums only). */
  aggregationTemporality: number;
  isMonotonic: boolean;
  dataPoints: DecodedPoint[];
}

export interface DecodedResourceMetrics {
  resource: Record<string, AttrValue>;
  scopes: { name: string; version: string; metrics: DecodedMetric[] }[];
}

type Field = { n: number; wire: number; varint?: bigint; fixed64?: Buffer; bytes?: Buffer };

function* fields(buf: Buffer): Generator<Field> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[pos++];
      if (b === undefined) throw new Error('truncated varint');
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (pos < buf.length) {
    const tag = Number(varint());
    const n = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) yield { n, wire, varint: varint() };
    else if (wire === 1) {
      yield { n, wire, fixed64: buf.subarray(pos, pos + 8) };
      pos += 8;
    } else if (wire === 2) {
      const len = Number(varint());
      yield { n, wire, bytes: buf.subarray(pos, pos + len) };
      pos += len;
    } else if (wire === 5) pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

function anyValue(buf: Buffer): AttrValue {
  for (const f of fields(buf)) {
    if (f.n === 1) return f.bytes!.toString('utf8');
    if (f.n === 2) return f.varint === 1n;
    if (f.n === 3) return Number(BigInt.asIntN(64, f.varint!));
    if (f.n === 4) return f.fixed64!.readDoubleLE(0);
  }
  return '';
}

function keyValue(buf: Buffer, into: Record<string, AttrValue>): void {
  let key = '';
  let value: AttrValue = '';
  for (const f of fields(buf)) {
    if (f.n === 1) key = f.bytes!.toString('utf8');
    if (f.n === 2) value = anyValue(f.bytes!);
  }
  into[key] = value;
}

function numberPoint(buf: Buffer): DecodedPoint {
  const p: DecodedPoint = { attributes: {}, startTimeUnixNano: 0n, timeUnixNano: 0n };
  for (const f of fields(buf)) {
    if (f.n === 2) p.startTimeUnixNano = f.fixed64!.readBigUInt64LE(0);
    if (f.n === 3) p.timeUnixNano = f.fixed64!.readBigUInt64LE(0);
    if (f.n === 4) p.asDouble = f.fixed64!.readDoubleLE(0);
    if (f.n === 6) p.asInt = f.fixed64!.readBigInt64LE(0);
    if (f.n === 7) keyValue(f.bytes!, p.attributes);
  }
  return p;
}

function metric(buf: Buffer): DecodedMetric {
  const m: DecodedMetric = {
    name: '',
    description: '',
    unit: '',
    type: 'other',
    aggregationTemporality: 0,
    isMonotonic: false,
    dataPoints: [],
  };
  for (const f of fields(buf)) {
    if (f.n === 1) m.name = f.bytes!.toString('utf8');
    if (f.n === 2) m.description = f.bytes!.toString('utf8');
    if (f.n === 3) m.unit = f.bytes!.toString('utf8');
    if (f.n === 5 || f.n === 7) {
      m.type = f.n === 5 ? 'gauge' : 'sum';
      for (const g of fields(f.bytes!)) {
        if (g.n === 1) m.dataPoints.push(numberPoint(g.bytes!));
        if (g.n === 2) m.aggregationTemporality = Number(g.varint);
        if (g.n === 3) m.isMonotonic = g.varint === 1n;
      }
    }
  }
  return m;
}

export function decodeMetricsRequest(body: Buffer): DecodedResourceMetrics[] {
  const out: DecodedResourceMetrics[] = [];
  for (const f of fields(body)) {
    if (f.n !== 1) continue;
    const rm: DecodedResourceMetrics = { resource: {}, scopes: [] };
    for (const g of fields(f.bytes!)) {
      if (g.n === 1) for (const a of fields(g.bytes!)) if (a.n === 1) keyValue(a.bytes!, rm.resource);
      if (g.n === 2) {
        const scope = { name: '', version: '', metrics: [] as DecodedMetric[] };
        for (const s of fields(g.bytes!)) {
          if (s.n === 1)
            for (const x of fields(s.bytes!)) {
              if (x.n === 1) scope.name = x.bytes!.toString('utf8');
              if (x.n === 2) scope.version = x.bytes!.toString('utf8');
            }
          if (s.n === 2) scope.metrics.push(metric(s.bytes!));
        }
        rm.scopes.push(scope);
      }
    }
    out.push(rm);
  }
  return out;
}

/** Encodes an ExportMetricsServiceResponse carrying partial_success (for the fake receiver). */
export function encodePartialSuccess(rejected: number, message: string): Buffer {
  const msg = Buffer.from(message, 'utf8');
  const inner = Buffer.concat([
    Buffer.from([0x08]),
    varintBytes(rejected),
    Buffer.from([0x12]),
    varintBytes(msg.length),
    msg,
  ]);
  return Buffer.concat([Buffer.from([0x0a]), varintBytes(inner.length), inner]);
}

function varintBytes(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}
