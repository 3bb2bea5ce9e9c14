import type { Attributes } from '@settle/core';

/**
 * Builds the same canonical keys as core's `seriesKey` (metric name, sorted attributes, sorted resource
 * attributes, JSON-quoted so separators cannot collide), but encodes the name and the resource once per
 * metric and batch rather than once per point: keys are built for every observation on the ingest path.
 */
export class SeriesKeyEncoder {
  private resource: Attributes | undefined;
  private resourcePart = '|{}';
  private name: string | undefined;
  private namePart = '';

  /** Sets the batch's resource; the encoding is reused while the same object is passed. */
  forResource(resource: Attributes): this {
    if (resource !== this.resource) {
      this.resource = resource;
      this.resourcePart = `|${encodeSorted(resource)}`;
    }
    return this;
  }

  forMetric(name: string): this {
    if (name !== this.name) {
      this.name = name;
      this.namePart = JSON.stringify(name);
    }
    return this;
  }

  key(attributes: Attributes): string {
    return this.namePart + encodeSorted(attributes) + this.resourcePart;
  }

  /** The resource's canonical encoding: lets equal resources from different batches share one object. */
  get resourceKey(): string {
    return this.resourcePart;
  }
}

export function encodeSorted(attrs: Attributes): string {
  const keys = Object.keys(attrs);
  if (keys.length === 0) return '{}';
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (const k of keys) out += `${JSON.stringify(k)}:${JSON.stringify(attrs[k])},`;
  return `${out}}`;
}
