import type { Series } from './group-series.js';
import { ProtobufWriter } from './protobuf-writer.js';

/**
 * Prometheus remote write 1.0 `WriteRequest` (before snappy):
 *   WriteRequest { repeated TimeSeries timeseries = 1; }
 *   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 *   Label        { string name = 1; string value = 2; }
 *   Sample       { double value = 1; int64 timestamp = 2; }
 * Labels go out sorted by name and samples by time, as receivers require (groupSeries sorted the samples).
 */
export function encodeWriteRequest(series: readonly Series[]): Buffer {
  const out = new ProtobufWriter(64 * 1024);
  const ts = new ProtobufWriter(4096);
  const item = new ProtobufWriter(256);
  for (const s of series) {
    ts.reset();
    for (const name of Object.keys(s.labels).sort()) {
      item.reset();
      item.string(1, name);
      item.string(2, s.labels[name] ?? '');
      ts.message(1, item);
    }
    for (let i = 0; i < s.values.length; i++) {
      item.reset();
      item.tag(1, 1);
      item.double(s.values[i] ?? 0);
      item.tag(2, 0);
      item.int64(s.timestamps[i] ?? 0);
      ts.message(2, item);
    }
    out.message(1, ts);
  }
  return Buffer.from(out.finish());
}
