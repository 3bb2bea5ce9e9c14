import { pointKey } from '../../../src/demo/output-tail.js';
import type { RecordingProxy } from '../recording-proxy.js';

/** The last value a member's proxy forwarded per bucket (`pointKey`), in request order. */
export function lastPushed(proxy: RecordingProxy): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of proxy.requests) {
    for (const sample of r.samples) {
      const at = sample.lastIndexOf('@');
      const eq = sample.indexOf('=', at);
      const { __name__: name, ...labels } = JSON.parse(sample.slice(0, at)) as Record<string, string>;
      out.set(pointKey(name ?? '', labels, Number(sample.slice(at + 1, eq))), Number(sample.slice(eq + 1)));
    }
  }
  return out;
}
