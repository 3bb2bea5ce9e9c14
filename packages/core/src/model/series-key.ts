import type { Attributes } from './types.js';

/**
 * A canonical, collision-free identity for a series: metric name, then sorted attributes, then sorted resource
 * attributes. JSON-encodes names and values so separators inside label values cannot make two series collide.
 */
export function seriesKey(name: string, attributes: Attributes, resource: Attributes = {}): string {
  return `${JSON.stringify(name)}${encodeSorted(attributes)}|${encodeSorted(resource)}`;
}

function encodeSorted(attrs: Attributes): string {
  const keys = Object.keys(attrs);
  if (keys.length === 0) return '{}';
  keys.sort();
  let out = '{';
  for (const k of keys) out += `${JSON.stringify(k)}:${JSON.stringify(attrs[k])},`;
  return `${out}}`;
}
