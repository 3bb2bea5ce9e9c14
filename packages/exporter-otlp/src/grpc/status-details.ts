import protobuf from 'protobufjs/minimal.js';

/** The trailer in which gRPC servers send the full `google.rpc.Status` of a failed call. */
export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

const RETRY_INFO_TYPE = 'google.rpc.RetryInfo';

/** What the status details say about trying again. */
export interface RetryHint {
  /** A `google.rpc.RetryInfo` was present: the server says recovery is possible (OTLP: RESOURCE_EXHAUSTED). */
  readonly hasRetryInfo: boolean;
  /** Its `retry_delay` in ms, when positive (a zero or absent delay means "use your backoff"). */
  readonly delayMs: number | undefined;
}

const NONE: RetryHint = { hasRetryInfo: false, delayMs: undefined };

/**
 * Reads `google.rpc.RetryInfo` out of a serialized `google.rpc.Status` (field 3: repeated `google.protobuf.Any`;
 * Any = type_url 1, value 2; RetryInfo = retry_delay 1 as `google.protobuf.Duration` = seconds 1, nanos 2).
 * A handful of fields is all OTLP needs, so they are read with protobufjs's wire reader rather than by loading
 * googleapis' .proto files at run time. Unreadable details count as absent: they must never turn a failure into
 * something else than its status code says.
 */
export function readRetryHint(statusBytes: Uint8Array | undefined): RetryHint {
  if (statusBytes === undefined || statusBytes.length === 0) return NONE;
  try {
    for (const [field, any] of messages(statusBytes)) {
      if (field !== 3) continue;
      const { typeUrl, value } = readAny(any);
      // type_url is "type.googleapis.com/google.rpc.RetryInfo"; only the part after the last "/" names the type.
      if (typeUrl.slice(typeUrl.lastIndexOf('/') + 1) !== RETRY_INFO_TYPE) continue;
      return { hasRetryInfo: true, delayMs: readRetryDelayMs(value) };
    }
  } catch {
    return NONE;
  }
  return NONE;
}

/** The length-delimited fields of a message, with their numbers; every other field is skipped. */
function* messages(bytes: Uint8Array): Generator<[number, Uint8Array]> {
  const reader = protobuf.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if ((tag & 7) === 2) yield [tag >>> 3, reader.bytes()];
    else reader.skipType(tag & 7);
  }
}

function readAny(bytes: Uint8Array): { typeUrl: string; value: Uint8Array } {
  const reader = protobuf.Reader.create(bytes);
  let typeUrl = '';
  let value: Uint8Array = new Uint8Array(0);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === ((1 << 3) | 2)) typeUrl = reader.string();
    else if (tag === ((2 << 3) | 2)) value = reader.bytes();
    else reader.skipType(tag & 7);
  }
  return { typeUrl, value };
}

function readRetryDelayMs(retryInfo: Uint8Array): number | undefined {
  for (const [field, duration] of messages(retryInfo)) {
    if (field !== 1) continue;
    const reader = protobuf.Reader.create(duration);
    let seconds = 0;
    let nanos = 0;
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag === ((1 << 3) | 0)) seconds = toNumber(reader.int64() as unknown as number | { toNumber(): number });
      else if (tag === ((2 << 3) | 0)) nanos = reader.int32();
      else reader.skipType(tag & 7);
    }
    const ms = seconds * 1000 + Math.ceil(nanos / 1e6);
    return Number.isFinite(ms) && ms > 0 ? ms : undefined;
  }
  return undefined;
}

/** protobufjs reads 64-bit integers as `Long` when the `long` package is installed, else as a number. */
function toNumber(value: number | { toNumber(): number }): number {
  return typeof value === 'number' ? value : value.toNumber();
}
